// Test image "exhaust-test/exit-code": exits with the code given as its first argument (default 0). An optional
// second argument is written as the termination message, to TERMINATION_MESSAGE_PATH (set by the stand-in node).
// Usage: exit-code.ts <code> [message]
import { writeFileSync } from "node:fs";

const code = Number(process.argv[2] ?? "0");
const message = process.argv[3];
if (message !== undefined && process.env.TERMINATION_MESSAGE_PATH) writeFileSync(process.env.TERMINATION_MESSAGE_PATH, message);
console.log(`exit-code: exiting with ${code}`);
process.exitCode = Number.isInteger(code) && code >= 0 && code <= 255 ? code : 1;
