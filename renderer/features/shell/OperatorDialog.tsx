/**
 * Switching the operator (name and role) until individual accounts exist: who proposes and who
 * approves a class is recorded under these names, and the switch itself is in the audit log.
 */
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type RefObject } from 'react';
import type { z } from 'zod';
import { roleLabels } from '../../../shared/domain/classification';
import { operatorSchema, type SectionSettings } from '../../../shared/domain/sectionSettings';
import { FormField, fieldAria } from '../../components/FormField';
import { useDatabase } from '../../data/DatabaseContext';
import { saveSettings } from '../../data/settingsRepository';
import { writeFailureMessages } from '../../data/writeResult';

type OperatorForm = z.input<typeof operatorSchema>;

export function OperatorDialog({ dialogRef, settings }: { dialogRef: RefObject<HTMLDialogElement | null>; settings: SectionSettings }) {
  const db = useDatabase();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, reset } = useForm<OperatorForm, unknown, z.output<typeof operatorSchema>>({
    resolver: zodResolver(operatorSchema),
    defaultValues: { operator: '', operatorRole: 'staff' },
  });
  const close = () => {
    reset();
    setFailure(null);
    dialogRef.current?.close();
  };
  const onSubmit = handleSubmit(async (values) => {
    const result = await saveSettings(db, { ...settings, ...values }, new Date().toISOString(), 'operator.switch');
    if (!result.ok) return setFailure(writeFailureMessages[result.reason]);
    close();
  });
  const errors = formState.errors;

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby="operator-title" onCancel={close}>
      <form onSubmit={onSubmit} noValidate>
        <h2 id="operator-title">操作者を切り替える</h2>
        <p className="muted">
          現在の操作者: {settings.operator}（{roleLabels[settings.operatorRole]}）。切り替えは監査ログに記録されます。
          個人アカウントとパスワードによるログインは今後追加されます。
        </p>
        <FormField id="operator-name" label="操作者の氏名" required error={errors.operator?.message}>
          <input {...fieldAria('operator-name', errors.operator?.message)} {...register('operator')} autoComplete="off" />
        </FormField>
        <FormField id="operator-role" label="役割" required error={errors.operatorRole?.message}>
          <select {...fieldAria('operator-role', errors.operatorRole?.message)} {...register('operatorRole')}>
            {Object.entries(roleLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </FormField>
        {failure && <p className="error" role="alert">{failure}</p>}
        <div className="actions">
          <button type="button" onClick={close}>キャンセル</button>
          <button type="submit" className="primary">切り替える</button>
        </div>
      </form>
    </dialog>
  );
}
