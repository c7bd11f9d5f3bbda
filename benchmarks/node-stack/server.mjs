// The receiver Clerk's guides recommend, for the side-by-side benchmark of issue #5 (benchmarks/compare.sh):
// Express 5, express.raw({ type: 'application/json' }) so the exact bytes are verified, the standardwebhooks library
// (what @clerk/backend's verifyWebhook uses, with Clerk's svix-* headers mapped to webhook-*), and in "sqlite" mode an
// idempotent insert keyed by svix-id into SQLite (better-sqlite3, WAL) before the 2xx.
//
// Usage: MODE=verify|sqlite PORT=5090 DB=node-stack.db SYNCHRONOUS=FULL CLERK_WEBHOOK_SIGNING_SECRET=whsec_... node server.mjs
import express from "express";
import { Webhook } from "standardwebhooks";
import Database from "better-sqlite3";

const mode = process.env.MODE ?? "verify";
const port = Number(process.env.PORT ?? 5090);
const secret = process.env.CLERK_WEBHOOK_SIGNING_SECRET;
if (!secret) {
  console.error("Set CLERK_WEBHOOK_SIGNING_SECRET");
  process.exit(2);
}

const wh = new Webhook(secret);
let insert;
if (mode === "sqlite") {
  const db = new Database(process.env.DB ?? "node-stack.db");
  db.pragma("journal_mode = WAL");
  // FULL: each commit is on disk before the 2xx, like ClerkSync's acknowledgement (see docs/benchmarks.md).
  db.pragma(`synchronous = ${process.env.SYNCHRONOUS ?? "FULL"}`);
  db.exec(`CREATE TABLE IF NOT EXISTS webhook_inbox (
    webhook_id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    body BLOB NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
  )`);
  insert = db.prepare("INSERT INTO webhook_inbox (webhook_id, event_type, received_at, body) VALUES (?, ?, ?, ?) ON CONFLICT (webhook_id) DO NOTHING");
} else if (mode !== "verify") {
  console.error(`MODE must be verify or sqlite, not ${mode}`);
  process.exit(2);
}

const app = express();
app.disable("x-powered-by");
app.post("/api/webhooks/clerk", express.raw({ type: "application/json", limit: "1mb" }), (req, res) => {
  const headers = {
    "webhook-id": req.get("svix-id") ?? req.get("webhook-id") ?? "",
    "webhook-timestamp": req.get("svix-timestamp") ?? req.get("webhook-timestamp") ?? "",
    "webhook-signature": req.get("svix-signature") ?? req.get("webhook-signature") ?? "",
  };
  let event;
  try {
    event = wh.verify(req.body, headers);
  } catch {
    res.status(400).json({ error: "invalid_signature", message: "Webhook verification failed" });
    return;
  }
  if (insert) {
    insert.run(headers["webhook-id"], String(event.type ?? ""), Date.now(), req.body);
  }
  res.status(200).json({ received: true });
});

app.listen(port, "127.0.0.1", () => console.error(`node-stack (${mode}) listening on http://127.0.0.1:${port}/api/webhooks/clerk`));
