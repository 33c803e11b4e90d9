import type { DecodedJws } from '../../../../../app/conformance/index.ts';

/**
 * A compact JWT shown the way jwt.io taught everyone to read one: header, payload and signature
 * in their own colours (--jwt-header, --jwt-payload, --jwt-signature), with a legend, so the
 * three parts and the decoded JSON below line up at a glance.
 */
export function JwtSegments({ jws, label = 'Encoded JWT' }: { jws: DecodedJws; label?: string }) {
  const [h, p, s] = jws.segments;
  const redacted = jws.signature === '‹redacted›';
  return (
    <figure className="jwt-encoded" aria-label={label}>
      <figcaption className="jwt-legend">
        <span className="jwt-key header">Header</span>
        <span className="jwt-key payload">Payload</span>
        <span className="jwt-key signature">Signature{redacted ? ' (removed by the activity log)' : ''}</span>
      </figcaption>
      <p className="jwt-text mono">
        <span className="jwt-header" title="Header (base64url JSON)">{h}</span>
        <span className="jwt-dot">.</span>
        <span className="jwt-payload" title="Payload (base64url JSON)">{p}</span>
        <span className="jwt-dot">.</span>
        <span className="jwt-signature" title="Signature">{redacted ? '‹redacted›' : s || '(empty: unsigned)'}</span>
      </p>
    </figure>
  );
}

/** The decoded JSON of one part, framed in that part's colour. */
export function DecodedPart({ part, value }: { part: 'header' | 'payload'; value: Record<string, unknown> }) {
  return (
    <div className={`jwt-decoded ${part}`}>
      <div className="label">{part === 'header' ? 'Header (decoded)' : 'Payload (decoded)'}</div>
      <pre className="pre" aria-label={part === 'header' ? 'Decoded header JSON' : 'Decoded payload JSON'} tabIndex={0}>{JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}
