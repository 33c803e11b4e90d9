/**
 * Synthetic NDJSON for large bulk exports, generated while it streams.
 *
 * Why: a benchmark or test may ask for an export of up to about a gigabyte. Such files are
 * never built in memory or on disk: every line is a fixed-size HbA1c Observation computed from
 * its index, so a file is fully described by (first index, line count) and is produced chunk by
 * chunk as the client reads, honouring backpressure.
 */
import { Readable } from 'node:stream';
import { SEED_PATIENTS } from '../demo/index.ts';

const PATIENT_IDS = SEED_PATIENTS.map((p) => p.id);
const LONGEST_ID = Math.max(...PATIENT_IDS.map((id) => id.length));
const CHUNK_BYTES = 64 * 1024;

/** One synthetic Observation line (with trailing newline); every line has the same byte length. */
export function syntheticLine(index: number): string {
  const patient = PATIENT_IDS[index % PATIENT_IDS.length] ?? 'unknown';
  const id = String(index).padStart(12, '0');
  const value = (5 + (index % 50) / 10).toFixed(1);
  const month = String(1 + (index % 12)).padStart(2, '0');
  const day = String(1 + (index % 28)).padStart(2, '0');
  const pad = '-'.repeat(LONGEST_ID - patient.length);
  return `{"resourceType":"Observation","id":"synthetic-${id}","status":"final",`
    + '"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],'
    + '"code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"Hemoglobin A1c/Hemoglobin.total in Blood"}]},'
    + `"subject":{"reference":"Patient/${patient}"},"effectiveDateTime":"2023-${month}-${day}T09:30:00Z",`
    + `"valueQuantity":{"value":${value},"unit":"%","system":"http://unitsofmeasure.org","code":"%"},`
    + `"note":[{"text":"synthetic bulk-export record ${pad}"}]}\n`;
}

/** Byte length of every synthetic line. */
export const SYNTHETIC_LINE_BYTES = Buffer.byteLength(syntheticLine(0));

/** One synthetic file of an export: lines [first, first + count). */
export interface SyntheticFile {
  first: number;
  count: number;
}

/** Split `totalBytes` of synthetic data into files of at most `maxFileBytes`. */
export function planSyntheticFiles(totalBytes: number, maxFileBytes: number): SyntheticFile[] {
  const totalLines = Math.floor(Math.max(0, totalBytes) / SYNTHETIC_LINE_BYTES);
  const perFile = Math.max(1, Math.floor(maxFileBytes / SYNTHETIC_LINE_BYTES));
  const files: SyntheticFile[] = [];
  for (let first = 0; first < totalLines; first += perFile) {
    files.push({ first, count: Math.min(perFile, totalLines - first) });
  }
  return files;
}

/** A stream producing one synthetic file, one 64 KiB chunk per read. */
export function syntheticFileStream(file: SyntheticFile): Readable {
  let next = file.first;
  const end = file.first + file.count;
  const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / SYNTHETIC_LINE_BYTES));
  return new Readable({
    read() {
      if (next >= end) {
        this.push(null);
        return;
      }
      const stop = Math.min(end, next + perChunk);
      let chunk = '';
      for (; next < stop; next++) chunk += syntheticLine(next);
      this.push(chunk);
    },
  });
}
