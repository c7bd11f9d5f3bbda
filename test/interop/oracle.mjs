// A long-running oracle over the reference Standard Webhooks libraries, for ClerkSync's interop tests (issue #2).
// Reads one JSON request per line on stdin and writes one JSON response per line on stdout, in order:
//   {"op":"sign","library":"standardwebhooks"|"svix","secret":"...","id":"...","timestamp":123,"body":"<base64>"}
//     -> {"signature":"v1,..."} or {"error":"..."}
//   {"op":"verify","library":...,"secrets":["..."],"headers":{"name":"value"},"body":"<base64>"}
//     -> {"valid":true} or {"valid":false,"error":"<the library's message>"}
//   {"op":"versions"} -> {"node":"v20...","standardwebhooks":"1.1.1","svix":"2.5.0"}
// Bodies travel as base64 and are handed to the libraries as Buffers, so the exact bytes are signed and verified.
// Nothing here logs a secret, a signature or a body.
import { createInterface } from "node:readline";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as standardwebhooks from "standardwebhooks";
import * as svix from "svix";

const libraries = { standardwebhooks: standardwebhooks.Webhook, svix: svix.Webhook };
const require = createRequire(import.meta.url);
const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;

function webhook(library, secret) {
  const Webhook = libraries[library];
  if (!Webhook) throw new Error(`unknown library ${library}`);
  return new Webhook(secret);
}

function handle(request) {
  switch (request.op) {
    case "sign": {
      const body = Buffer.from(request.body, "base64");
      return { signature: webhook(request.library, request.secret).sign(request.id, new Date(request.timestamp * 1000), body) };
    }
    case "verify": {
      const body = Buffer.from(request.body, "base64");
      let error = "no secret";
      // Rotation: the libraries hold one secret each, so try every configured secret; any success is valid.
      for (const secret of request.secrets) {
        try {
          // standardwebhooks parses JSON by default; ClerkSync verifies bytes only, and svix passes jsonParse: false.
          webhook(request.library, secret).verify(body, request.headers, { jsonParse: false });
          return { valid: true };
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
      }
      return { valid: false, error };
    }
    case "versions":
      return { node: process.version, standardwebhooks: versionOf("standardwebhooks"), svix: versionOf("svix") };
    default:
      throw new Error(`unknown op ${request.op}`);
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (line.trim() === "") return;
  let response;
  try {
    response = handle(JSON.parse(line));
  } catch (e) {
    response = { error: e instanceof Error ? e.message : String(e) };
  }
  process.stdout.write(JSON.stringify(response) + "\n");
});
