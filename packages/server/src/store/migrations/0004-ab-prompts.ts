/**
 * Model configs, prompts and prompt A/B tests (SPEC §7, §8). Each object is a head row (key,
 * current version pointer) plus immutable version rows: a save adds a version and moves the
 * pointer, a roll back only moves the pointer. Session model assignments and custom metrics are
 * already in 0001 (`session_assignments`, `custom_metrics`).
 */
import type { Kysely, Migration } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema of its own time.
type AnyDb = Kysely<any>;

const OBJECTS: Array<{ heads: string; versions: string; columns: Array<[string, "text" | "integer"]> }> = [
  {
    heads: "model_configs",
    versions: "model_config_versions",
    // JSON text: the variants array and the targeting object (or null), in the wire shape.
    columns: [
      ["variants", "text"],
      ["targeting", "text"],
    ],
  },
  {
    heads: "prompts",
    versions: "prompt_versions",
    columns: [
      ["system_prompt", "text"],
      ["user_template", "text"],
    ],
  },
  {
    heads: "prompt_ab_tests",
    versions: "prompt_ab_test_versions",
    columns: [["variants", "text"]],
  },
];

async function up(db: AnyDb): Promise<void> {
  for (const object of OBJECTS) {
    await db.schema
      .createTable(object.heads)
      .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("current_version", "integer", (c) => c.notNull())
      .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint(`${object.heads}_pk`, ["project_id", "key"])
      .execute();
    let versions = db.schema
      .createTable(object.versions)
      .addColumn("project_id", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull());
    for (const [name, type] of object.columns) {
      versions = versions.addColumn(name, type, (c) => (name === "targeting" ? c : c.notNull()));
    }
    await versions
      .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("created_by", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint(`${object.versions}_pk`, ["project_id", "key", "version"])
      .addForeignKeyConstraint(
        `${object.versions}_head`,
        ["project_id", "key"],
        object.heads,
        ["project_id", "key"],
        (fk) => fk.onDelete("cascade"),
      )
      .execute();
  }

  // Prompt experiment results read the spans of one A/B test key. Only spans that carry one are
  // indexed, so ordinary ingest pays nothing for it.
  await db.schema
    .createIndex("spans_prompt_ab_test")
    .on("spans")
    .columns(["project_id", "prompt_ab_test_key", "prompt_variant_index"])
    .where("prompt_ab_test_key", "is not", null)
    .execute();
  // Model experiment results walk a config's assignments.
  await db.schema
    .createIndex("session_assignments_config")
    .on("session_assignments")
    .columns(["project_id", "config_key", "assigned_model"])
    .execute();
}

async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("session_assignments_config").ifExists().execute();
  await db.schema.dropIndex("spans_prompt_ab_test").ifExists().execute();
  for (const object of [...OBJECTS].reverse()) {
    await db.schema.dropTable(object.versions).ifExists().execute();
    await db.schema.dropTable(object.heads).ifExists().execute();
  }
}

export const abPromptsMigration: Migration = { up, down };
