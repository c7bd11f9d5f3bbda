// Verify throughput of the reference Node libraries (standardwebhooks, svix) at the body sizes of
// benchmarks/ClerkSync.Benchmarks/VerifyBenchmarks.cs, for the "ClerkSync verify >= 10x Node's" comparison (issue #2).
// Uses test/interop's node_modules (run `npm ci` in test/interop first). Prints a markdown table.
// Usage: node benchmarks/node/verify-bench.mjs [seconds per case, default 3]
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "..", "test", "interop", "package.json"));
const libraries = {
  standardwebhooks: (await import(require.resolve("standardwebhooks"))).Webhook,
  svix: (await import(require.resolve("svix"))).Webhook,
};
const version = (name) => require(`${name}/package.json`).version;
const seconds = Number(process.argv[2] ?? 3);
const sizes = [1024, 4096, 65536];

console.log(`node ${process.version}, standardwebhooks ${version("standardwebhooks")}, svix ${version("svix")}, ${seconds} s per case`);
console.log("| library | body | verifications/s | µs/verify | MB/s |");
console.log("|---|---:|---:|---:|---:|");
for (const [name, Webhook] of Object.entries(libraries)) {
  for (const size of sizes) {
    const secret = "whsec_" + randomBytes(32).toString("base64");
    const wh = new Webhook(secret);
    // Printable ASCII bodies: the libraries decode the Buffer as UTF-8 before signing.
    const body = Buffer.from(randomBytes(size).map((b) => 0x21 + (b % 94)));
    const id = "msg_2mVQn2i1xY7f0sWc8nUbq5pJ3kT";
    const now = new Date();
    const signature = wh.sign(id, now, body);
    const prefix = name === "svix" ? "svix" : "webhook";
    const headers = { [`${prefix}-id`]: id, [`${prefix}-timestamp`]: String(Math.floor(now.getTime() / 1000)), [`${prefix}-signature`]: signature };
    const verify = () => wh.verify(body, headers, { jsonParse: false });
    for (let i = 0; i < 200; i++) verify(); // warm-up
    let count = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round(seconds * 1e9));
    let t;
    do {
      for (let i = 0; i < 50; i++) verify();
      count += 50;
      t = process.hrtime.bigint();
    } while (t < end);
    const elapsed = Number(t - start) / 1e9;
    const perSecond = count / elapsed;
    console.log(`| ${name} | ${size} | ${Math.round(perSecond).toLocaleString("en-US")} | ${(1e6 / perSecond).toFixed(2)} | ${((perSecond * size) / 1e6).toFixed(1)} |`);
  }
}
