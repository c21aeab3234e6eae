/**
 * Small form pieces the profile editor repeats in every list: a labelled text field, a select, a set of
 * checkboxes, and the buttons that move or remove a row. Each shows the issue the shared validation
 * found for its path beside it (the same messages as loading a profile file).
 */
import { get, useFormContext, type FieldErrors } from 'react-hook-form';
import type { ProfileDraft } from '../../../shared/domain/profileEditing';

/** The issue stored for a dotted path (react-hook-form keeps issues at any path set by setError). */
export function issueAt(errors: FieldErrors<ProfileDraft>, path: string): string | undefined {
  // A list's own issue may sit at the list itself or at its `root` (where useFieldArray keeps it).
  const found = get(errors, path) as { message?: unknown; root?: { message?: unknown } } | undefined;
  if (typeof found?.message === 'string') return found.message;
  return typeof found?.root?.message === 'string' ? found.root.message : undefined;
}

/** The ids used for a path's control and its error (dots are fine in ids; kept readable for tests). */
const controlId = (path: string) => `pe-${path}`;

function Issue({ path }: { path: string }) {
  const { formState } = useFormContext<ProfileDraft>();
  const message = issueAt(formState.errors, path);
  if (!message) return null;
  return (
    <p className="error" id={`${controlId(path)}-error`} role="alert">
      {message}
    </p>
  );
}

function aria(path: string, invalid: boolean, hint?: string) {
  return {
    id: controlId(path),
    'aria-invalid': invalid || undefined,
    'aria-describedby': invalid ? `${controlId(path)}-error` : hint ? `${controlId(path)}-hint` : undefined,
  } as const;
}

/** A text input or textarea bound to `path`. */
export function TextField({ path, label, hint, multiline, type, required }: { path: string; label: string; hint?: string; multiline?: boolean; type?: 'text' | 'number'; required?: boolean }) {
  const { register, formState } = useFormContext<ProfileDraft>();
  const invalid = issueAt(formState.errors, path) !== undefined;
  const field = register(path as never, type === 'number' ? { valueAsNumber: true } : undefined);
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}`}>
      <label htmlFor={controlId(path)}>
        {label}
        {required && <span className="required" aria-hidden="true"> 必須</span>}
      </label>
      {multiline ? <textarea rows={3} {...field} {...aria(path, invalid, hint)} /> : <input type={type ?? 'text'} {...field} {...aria(path, invalid, hint)} />}
      {hint && !invalid && (
        <p className="hint" id={`${controlId(path)}-hint`}>
          {hint}
        </p>
      )}
      <Issue path={path} />
    </div>
  );
}

/** A select bound to `path`; `empty` adds a first option meaning "none". */
export function SelectField({ path, label, options, empty }: { path: string; label: string; options: readonly { value: string; label: string }[]; empty?: string }) {
  const { register, formState } = useFormContext<ProfileDraft>();
  const invalid = issueAt(formState.errors, path) !== undefined;
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}`}>
      <label htmlFor={controlId(path)}>{label}</label>
      <select {...register(path as never)} {...aria(path, invalid)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Issue path={path} />
    </div>
  );
}

/** Checkboxes bound to an array at `path` (none checked: the condition or scope is not used). */
export function CheckField({ path, legend, options }: { path: string; legend: string; options: readonly { value: string; label: string }[] }) {
  const { register, formState } = useFormContext<ProfileDraft>();
  const invalid = issueAt(formState.errors, path) !== undefined;
  return (
    <fieldset className={`field checks${invalid ? ' field--invalid' : ''}`}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="check">
          <input type="checkbox" value={o.value} {...register(path as never)} /> {o.label}
        </label>
      ))}
      <Issue path={path} />
    </fieldset>
  );
}

/** Move up / move down / remove for row `index` of `count` (order matters for levels: lowest first). */
export function RowButtons({ index, count, what, move, remove, minimum = 0 }: { index: number; count: number; what: string; move: (from: number, to: number) => void; remove: (index: number) => void; minimum?: number }) {
  return (
    <div className="row-actions">
      <button type="button" onClick={() => move(index, index - 1)} disabled={index === 0} aria-label={`${what}を上へ`}>
        ↑
      </button>
      <button type="button" onClick={() => move(index, index + 1)} disabled={index === count - 1} aria-label={`${what}を下へ`}>
        ↓
      </button>
      <button type="button" className="danger" onClick={() => remove(index)} disabled={count <= minimum}>
        {what}を削除
      </button>
    </div>
  );
}
