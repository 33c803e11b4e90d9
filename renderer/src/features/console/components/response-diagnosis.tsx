import type { ConsoleResponse } from '../../../../../app/contract/index.ts';
import { DiagnosisView } from '../../../components/diagnosis-view.tsx';
import { Alert } from '../../../components/ui/alert.tsx';

/** Beyond this many seconds a skewed server clock explains "expired" / "not yet valid" rejections. */
const SKEW_LIMIT = 60;

function ClockNote({ skew, date }: { skew: number; date: string | undefined }) {
  if (Math.abs(skew) <= SKEW_LIMIT) {
    return <p className="muted small-print">Server clock (Date header) vs this computer: {skew >= 0 ? '+' : ''}{skew} s.</p>;
  }
  return (
    <Alert tone="warning" title="The server's clock is off">
      The server's clock is {Math.abs(skew)} s {skew > 0 ? 'ahead of' : 'behind'} this computer's{date ? ` (its Date header says ${date})` : ''}.
      Servers judge token expiry by their own clock; beyond about {SKEW_LIMIT} s this causes "expired" or "not yet valid" rejections.
      Sync this computer with NTP, or tell the server operator.
    </Alert>
  );
}

/**
 * Why a console request failed, next to the answer: main's diagnosis (headline first, then the
 * other causes and the checks of the request and token), and the server's clock skew. A success
 * shows what is worth saying first about the request, if anything.
 *
 * Main computed all of it with the real token and scrubbed token values out; this only lays it out.
 */
export function ResponseDiagnosis({ response }: { response: ConsoleResponse }) {
  const d = response.diagnosis;
  if (!d) return null;
  const date = response.headers.find((h) => h.name.toLowerCase() === 'date')?.value;
  return (
    <section className="console-diagnosis stack tight" aria-label="Diagnosis">
      <DiagnosisView diagnosis={d} title={response.status < 400 ? 'Checks of the request' : 'Diagnosis'} findingsTitle="Checks of the request and token" />
      {d.clockSkewSeconds !== undefined && <ClockNote skew={d.clockSkewSeconds} date={date} />}
    </section>
  );
}
