/**
 * The JSON tree behind the console's response view: a row model of a parsed document, reference
 * detection, and the handler that answers the renderer's row requests (in main's tree thread or a
 * page worker).
 */
export { createTreeHandler, type DocSummary, type LoadAnswer, type TreeAnswers, type TreeRequest, type TreeViewRequest } from './tree-handler.ts';
export { type TreeRow } from './json-tree-model.ts';
export { type ReferenceTarget } from './references.ts';
