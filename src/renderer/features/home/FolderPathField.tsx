/**
 * A folder path field: the native picker where the host has one ("Choisir…"), otherwise a typed or
 * pasted path — checked live either way, with the verdict right under the field.
 */
import { FieldNote, type Tone } from '../../components/FieldMessage';
import { useT } from '../../i18n/use-t';
import type { FolderVerdict } from '../../hooks/use-folder-check';
import type { FieldMessage } from '../../lib/new-job-form';
import { usePickFolder } from '../../hooks/use-pick-folder';

export function FolderPathField({
  id,
  label,
  value,
  onChange,
  verdict,
  error,
  hint,
  disabled,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  verdict: FolderVerdict | null;
  /** A problem reported by the core when submitting; wins over the live verdict. */
  error?: FieldMessage | undefined;
  hint?: string;
  disabled?: boolean;
}) {
  const tr = useT();
  const picker = usePickFolder();
  const pick = async () => {
    const picked = await picker.pick(value);
    if (picked) onChange(picked);
  };

  const note: { tone: Tone; text: string } | null = error
    ? { tone: 'error', text: tr.fieldMessage(error.message, error.params) }
    : verdict
      ? { tone: verdict.tone, text: tr.fieldMessage(verdict.message, verdict.params) }
      : hint
        ? { tone: 'hint', text: hint }
        : null;

  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <div className="field__row">
        <input
          id={id}
          className="input input--mono"
          type="text"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={tr.t('folder.path.placeholder')}
          spellCheck={false}
          autoComplete="off"
          disabled={disabled}
          aria-invalid={note?.tone === 'error'}
          aria-describedby={note ? `${id}-note` : undefined}
        />
        {picker.available && (
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() => void pick()}
            disabled={disabled || picker.picking}
          >
            {tr.t('folder.choose')}
          </button>
        )}
      </div>
      {note && (
        <FieldNote id={`${id}-note`} tone={note.tone}>
          {note.text}
        </FieldNote>
      )}
    </div>
  );
}
