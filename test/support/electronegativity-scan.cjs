/**
 * Scans one folder with electronegativity (offline, through scripts/electronegativity.cjs) and
 * writes `{ issues, errors }` as JSON to a file: `node electronegativity-scan.cjs <folder> <out.json>`.
 *
 * Why: the CLI's table is for people and its CSV output is unreliable (the header write races
 * the rows), so the test reads findings with their severity and confidence from the runner.
 */
const fs = require('node:fs');
const path = require('node:path');
const { offlineRunner } = require('../../scripts/electronegativity.cjs');

const input = path.resolve(process.argv[2] ?? '.');
const out = process.argv[3];
offlineRunner()({ input, isRelative: true }).then((result) => {
  const issues = result.issues.map((i) => ({
    id: i.id, severity: i.severity.name, confidence: i.confidence.name, file: i.file,
    line: i.location.line, column: i.location.column, sample: i.sample ?? null, description: i.description, manualReview: !!i.manualReview,
  }));
  // A file, not stdout: electronegativity's logger (winston) prints its warnings on stdout.
  fs.writeFileSync(out, JSON.stringify({ issues, errors: result.errors }));
}, (e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
