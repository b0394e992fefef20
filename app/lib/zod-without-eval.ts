// The page's CSP allows no eval (proxy.ts): zod must not compile parsers with
// `new Function` in the browser, nor even probe whether it may (the caught
// probe is still reported as a CSP violation). zod decides when a schema is
// built, so a browser module that builds schemas imports this first.
import { z } from 'zod';

z.config({ jitless: true });
