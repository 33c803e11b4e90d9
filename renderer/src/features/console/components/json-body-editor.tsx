import { json } from '@codemirror/lang-json';
import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useMemo } from 'react';

/**
 * The request body editor: CodeMirror 6 with JSON highlighting. Loaded lazily (it is the
 * console's heaviest dependency), so the app's first paint does not wait for it.
 */
export default function JsonBodyEditor({ value, onChange, invalid, describedBy }: { value: string; onChange: (v: string) => void; invalid: boolean; describedBy: string }) {
  const extensions = useMemo(() => [
    json(),
    EditorView.contentAttributes.of({ 'aria-label': 'Request body (JSON)', 'aria-invalid': String(invalid), 'aria-describedby': describedBy }),
  ], [invalid, describedBy]);
  return (
    <CodeMirror value={value} onChange={onChange} extensions={extensions} height="220px"
      basicSetup={{ foldGutter: true, highlightActiveLine: false }} className={`body-editor${invalid ? ' invalid' : ''}`} />
  );
}
