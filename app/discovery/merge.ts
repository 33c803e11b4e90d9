import type { DiscoveryDocumentKind } from '../profiles/index.ts';
import { METADATA_FIELDS, DOCUMENT_LABELS, type FoundEndpoints, type FoundField } from './metadata.ts';

/**
 * Merges the endpoints of several discovery documents into the set a client uses, keeping for
 * each endpoint which document it came from and every other value that was published for it.
 *
 * Documents come in order of precedence (SMART configuration first: it is what a SMART client
 * must read; then the authorization server's own metadata; the deprecated CapabilityStatement
 * last). A document that may not be used (RFC 8414 §3.3: its `issuer` is not the one it was
 * fetched for) never supplies an endpoint, but its values are shown next to the chosen ones.
 */

/** Which document a value came from. */
export interface DocumentRef { kind: DiscoveryDocumentKind; url: string }

/** One document's endpoints, in precedence order. */
export interface SourcedEndpoints {
  source: DocumentRef;
  endpoints: FoundEndpoints;
  /** False when the document may not be used (issuer mismatch); its values only show as alternatives. */
  usable: boolean;
}

/** Where one endpoint's value came from, and what the other documents said. */
export interface EndpointProvenance {
  field: FoundField;
  value: string;
  from: DocumentRef;
  /** The same endpoint in other documents (equal or not). */
  others: { value: string; from: DocumentRef; usable: boolean }[];
  /** True when another document names a different value. */
  disagrees: boolean;
}

/** The merged endpoints, their provenance, and each disagreement in words. */
export interface MergedEndpoints {
  endpoints: FoundEndpoints;
  provenance: EndpointProvenance[];
  disagreements: string[];
}

const labelOf = (ref: DocumentRef) => `${DOCUMENT_LABELS[ref.kind]} (${ref.url})`;

/** Merges documents' endpoints (see the module comment). */
export function mergeEndpoints(sources: readonly SourcedEndpoints[]): MergedEndpoints {
  const endpoints: FoundEndpoints = {};
  const provenance: EndpointProvenance[] = [];
  const disagreements: string[] = [];
  for (const [field, member] of METADATA_FIELDS) {
    const named = sources.filter((s) => s.endpoints[field] !== undefined);
    const chosen = named.find((s) => s.usable);
    if (!chosen) continue;
    const value = chosen.endpoints[field] as string;
    endpoints[field] = value;
    const others = named.filter((s) => s !== chosen).map((s) => ({ value: s.endpoints[field] as string, from: s.source, usable: s.usable }));
    const differing = others.filter((o) => o.value !== value);
    provenance.push({ field, value, from: chosen.source, others, disagrees: differing.length > 0 });
    for (const o of differing) {
      disagreements.push(`${member}: ${labelOf(chosen.source)} says ${value}, but ${labelOf(o.from)} says ${o.value}${o.usable ? '' : ' (that document may not be used: its issuer does not match)'}.`);
    }
  }
  return { endpoints, provenance, disagreements };
}
