ALTER TABLE "lab_settings" ADD COLUMN "jitter_ms" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lab_settings" ADD COLUMN "fail_after_ms" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lab_settings" ADD COLUMN "drop_pushes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lab_settings" ADD COLUMN "duplicate_pushes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lab_settings" ADD COLUMN "reorder_pushes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lab_settings" ADD COLUMN "hold_next_append_ms" integer DEFAULT 0 NOT NULL;