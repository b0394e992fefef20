CREATE TABLE "log_identity" (
	"one" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	CONSTRAINT "log_identity_one_row" CHECK ("log_identity"."one")
);
--> statement-breakpoint
-- The identity is made with the table: every database this migration runs on is a log of its own.
INSERT INTO "log_identity" DEFAULT VALUES;
