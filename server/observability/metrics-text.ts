// Reading one sample back out of the Prometheus text that /api/metrics serves (the bench, the tests).

/** The value of `name{labels}` in a Prometheus text exposition, or undefined when it has no such line. */
export function sampleMetric(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').at(-1)) : undefined;
}
