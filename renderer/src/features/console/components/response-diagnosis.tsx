import type { ConsoleResponse } from '../../../../../app/contract/index.ts';
import { mainFinding } from '../../../../../app/console/index.ts';
import { ExplanationText, FindingsList } from '../../../components/findings-list.tsx';
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

/** What to say when a failed answer carries no OAuth error for the engine to explain. */
function noOAuthError(response: ConsoleResponse): string {
  const s = response.status;
  const head = `HTTP ${s} carries no OAuth error code (nothing in WWW-Authenticate or the body)`;
  if (s === 403) {
    const scope = response.token.kind === 'attached' && response.token.scope ? ` (${response.token.scope})` : '';
    return `${head}. Many servers refuse this way when the granted scope or an access policy does not cover the request: compare the token's scope${scope} with this interaction, and read the server's explanation below.`;
  }
  if (s >= 500) return `${head}: the server failed while handling the request. Retry later, and read its explanation or body below.`;
  return `${head}, so the answer does not point at the token: the server refused the request itself (its URL, search parameters or body). Read its explanation or body below.`;
}

/**
 * Why a console request failed, next to the answer: the engine's explanation of the error
 * (likeliest causes first) under "Diagnosis <rule>", then the checks of the request and token,
 * and the server's clock skew. A success shows only a request check that warns.
 *
 * Main computed all of it with the real token and scrubbed token values out; this only lays it out.
 */
export function ResponseDiagnosis({ response }: { response: ConsoleResponse }) {
  const d = response.diagnosis;
  if (!d) return null;
  if (response.status < 400) {
    return <FindingsList findings={d.findings} title="Checks of the request" headingLevel={3} />;
  }
  const main = mainFinding(d.findings);
  const rest = d.findings.filter((f) => f !== main);
  const date = response.headers.find((h) => h.name.toLowerCase() === 'date')?.value;
  return (
    <section className="console-diagnosis stack tight" aria-label="Diagnosis">
      <h3>Diagnosis{main && <> <code className="muted">{main.rule}</code></>}</h3>
      {main?.explanation ? (
        <>
          <p>{main.message}</p>
          <p className="pre-line"><ExplanationText text={main.explanation} /></p>
        </>
      ) : (
        <p>{noOAuthError(response)}</p>
      )}
      {d.clockSkewSeconds !== undefined && <ClockNote skew={d.clockSkewSeconds} date={date} />}
      <FindingsList findings={rest} title="Checks of the request and token" emptyText="The request and its token look right." headingLevel={4} />
    </section>
  );
}
