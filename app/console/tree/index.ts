/**
 * TODO face of app/console/tree
 */
export { createTreeHandler, type DocSummary, type LoadAnswer, type TreeAnswers, type TreeRequest, type TreeViewRequest } from './tree-handler.ts';
export { type TreeRow } from './json-tree-model.ts';
export { type ReferenceTarget } from './references.ts';
