// Test image "exhaust-test/sleep": sleeps for the seconds given as its first argument (default 3600), then exits
// with the optional second argument (default 0). SIGTERM is not handled, so a deleted pod ends with 143.
// Usage: sleep.ts <seconds> [exitCode]
const seconds = Number(process.argv[2] ?? "3600");
const code = Number(process.argv[3] ?? "0");
console.log(`sleep: sleeping ${seconds}s`);
setTimeout(() => {
  console.log("sleep: done");
  process.exitCode = code;
}, seconds * 1000);
