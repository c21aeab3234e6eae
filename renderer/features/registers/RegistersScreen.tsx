/**
 * 持出し・廃棄: the take-out register (【03】第9条) and the disposal register (【03】第14条). Requests
 * are approved by a security manager other than the requester; overdue returns are highlighted.
 */
import { useMemo, useState } from 'react';
import { AssetPicker } from '../../components/AssetPicker';
import { isSamePerson } from '../../../shared/accounts/permissions';
import type { Asset } from '../../../shared/domain/asset';
import { undecidedHandlingLabel } from '../../../shared/domain/deriveClass';
import { formatDate, tokyoDay } from '../../../shared/domain/formatDate';
import { allowedDisposalMethods, secureDisposalRequirement, disposalCompletionSchema, disposalMethods, disposalRequestSchema, disposalStateLabels, type Disposal } from '../../../shared/registers/disposal';
import { encryptionRequirement, isOverdue, registerFailureMessages, takeOutRequestSchema, takeOutStateLabels, type TakeOut } from '../../../shared/registers/takeOut';
import { useDatabase } from '../../data/DatabaseContext';
import { advanceDisposal, advanceTakeOut, requestDisposalFor, requestTakeOutFor, type RegisterWriteResult } from '../../data/registerRepository';
import { useAssets, useDisposals, useTakeOuts } from '../../data/useLedger';
import { writeFailureMessages, type WriteFailure } from '../../data/writeResult';
import { useCan, useOperator, useProfile, useSectionSettings } from '../shell/SettingsContext';
import { Notice, type Message } from '../shell/Notice';

/** Shows a write's outcome, or a validation message (a string) beside the forms. */
type Report = (result: RegisterWriteResult<unknown> | string, ok: string) => void;

function failureText(reason: string): string {
  return (registerFailureMessages as Record<string, string>)[reason] ?? (reason === 'same-witness' ? '立会者は実施者と別の人にしてください。' : writeFailureMessages[reason as WriteFailure]);
}

/** When a step happens; who takes it comes from the data layer's session. */
function useContext() {
  return () => ({ now: new Date().toISOString(), today: tokyoDay(new Date()) });
}

/** The whole ledger for the pickers, and each asset by 管理番号 (the registers record numbers). */
function useLedgerAssets() {
  const { all } = useAssets(0);
  const byNumber = useMemo(() => new Map((all ?? []).map((a) => [a.managementNumber, a])), [all]);
  return { all, byNumber };
}

/** Stable filters, so the pickers' search is not redone on every render. */
const canTakeOut = (asset: Pick<Asset, 'status'>) => asset.status === 'active';
const canDispose = (asset: Pick<Asset, 'status'>) => asset.status !== 'disposed';

/** One asset chosen in a picker, kept as its 管理番号 (what the register writes take). */
function pickNumber(all: readonly Asset[] | undefined, ids: readonly string[]): string {
  const id = ids[0];
  return id === undefined ? '' : (all?.find((a) => a.id === id)?.managementNumber ?? '');
}

export function RegistersScreen({ managementNumber }: { managementNumber?: string }) {
  const [message, setMessage] = useState<Message>(null);
  const report: Report = (result, ok) =>
    setMessage(typeof result === 'string' ? { kind: 'error', text: result } : result.ok ? { kind: 'ok', text: ok } : { kind: 'error', text: failureText(result.reason) });
  return (
    <section className="registers" aria-labelledby="registers-title">
      <h1 id="registers-title">持出し・廃棄の記録</h1>
      <Notice message={message} reveal />
      <TakeOuts initialNumber={managementNumber} report={report} />
      <Disposals initialNumber={managementNumber} report={report} />
    </section>
  );
}

function TakeOuts({ initialNumber, report }: { initialNumber?: string; report: Report }) {
  const db = useDatabase();
  const operator = useOperator();
  const can = useCan();
  const profile = useProfile();
  const settings = useSectionSettings();
  const context = useContext();
  const records = useTakeOuts() ?? [];
  const { all, byNumber: assets } = useLedgerAssets();
  const [form, setForm] = useState({ number: initialNumber ?? '', purpose: '', destination: '', medium: '', encrypted: true, unencryptedReason: '', expectedReturn: '' });
  const asset: Asset | undefined = assets.get(form.number.trim().toUpperCase());
  const encryptionRequired = asset ? encryptionRequirement(profile, asset) : false;
  const today = tokyoDay(new Date());

  const submit = async () => {
    const parsed = takeOutRequestSchema.safeParse(form);
    if (!parsed.success) return report(parsed.error.issues[0]!.message, '');
    const result = await requestTakeOutFor(db, profile, form.number, parsed.data, context());
    report(result, '持出しを申請しました。セキュリティ管理者の許可を待ってください。');
    // The next request starts encrypted again: an unticked box must not carry over to another asset.
    if (result.ok) setForm({ ...form, purpose: '', destination: '', medium: '', encrypted: true, unencryptedReason: '', expectedReturn: '' });
  };
  const step = async (record: TakeOut, kind: 'approve' | 'reject' | 'handOver' | 'return') => {
    const s = kind === 'approve' || kind === 'reject' ? { kind: 'decide' as const, approve: kind === 'approve', reason: '' } : { kind };
    report(await advanceTakeOut(db, record.id!, s, context()), { approve: '許可しました。', reject: '却下しました。', handOver: '持出しを記録しました。', return: '返却を記録しました。' }[kind]);
  };
  const validation = takeOutRequestSchema.safeParse(form);
  // Why the button is disabled, said beside it (a greyed-out button alone leaves the clerk guessing).
  const blocked = !asset ? '持ち出す資産を選んでください（管理番号・名称・所在で探せます）。' : validation.success ? null : validation.error.issues[0]!.message;

  return (
    <div className="card" role="region" aria-labelledby="takeout-title">
      <h2 id="takeout-title">持出し</h2>
      {can('takeOut.request') && (
        <div className="register-form">
          <div className="form-grid">
            <div className="field field--wide">
              <AssetPicker id="to-number" label="持ち出す資産" assets={all} value={asset ? [asset.id] : []} onChange={(ids) => setForm((f) => ({ ...f, number: pickNumber(all, ids) }))} accept={canTakeOut} />
            </div>
            <div className="field"><label htmlFor="to-purpose">目的</label><input id="to-purpose" value={form.purpose} onChange={(e) => setForm({ ...form, purpose: e.target.value })} /></div>
            <div className="field"><label htmlFor="to-destination">持出し先</label><input id="to-destination" value={form.destination} onChange={(e) => setForm({ ...form, destination: e.target.value })} /></div>
            <div className="field"><label htmlFor="to-medium">持ち出す媒体・方法</label><input id="to-medium" value={form.medium} onChange={(e) => setForm({ ...form, medium: e.target.value })} /></div>
            <div className="field"><label htmlFor="to-return">返却予定日</label><input id="to-return" type="date" value={form.expectedReturn} onChange={(e) => setForm({ ...form, expectedReturn: e.target.value })} /></div>
          </div>
          <label className="inline"><input type="checkbox" checked={form.encrypted} onChange={(e) => setForm({ ...form, encrypted: e.target.checked })} /> 暗号化して持ち出す</label>
          {encryptionRequired === true && <p className="hint">この資産の分類では、暗号化とパスワードの設定が必要です（【03】第7条4・第9条3）。</p>}
          {encryptionRequired === 'undecided' && <p className="hint">{undecidedHandlingLabel}：この資産は分類が決まっていないため、セキュリティ管理者が分類を承認するまで、暗号化とパスワードの設定が必要です（【03】第6条3・第7条4）。</p>}
          {!form.encrypted && (
            <div className="field"><label htmlFor="to-reason">暗号化しない理由{encryptionRequired !== false ? '（必須）' : ''}</label><input id="to-reason" value={form.unencryptedReason} onChange={(e) => setForm({ ...form, unencryptedReason: e.target.value })} /></div>
          )}
          {blocked && <p className="hint" id="to-blocked">{blocked}</p>}
          <div className="actions actions--start"><button type="button" className="primary" disabled={blocked !== null} aria-describedby={blocked ? 'to-blocked' : undefined} onClick={() => void submit()}>持出しを申請</button></div>
        </div>
      )}
      <table className="audit-table" aria-label="持出しの記録">
        <thead><tr><th scope="col">管理番号</th><th scope="col">目的・持出し先</th><th scope="col">暗号化</th><th scope="col">申請者</th><th scope="col">返却予定</th><th scope="col">状態</th><th scope="col">操作</th></tr></thead>
        <tbody>
          {records.map((r) => {
            const overdue = isOverdue(r, today);
            return (
              <tr key={r.id} className={overdue ? 'overdue' : undefined}>
                <td className="mono">{r.managementNumber}</td>
                <td>{r.purpose}／{r.destination}</td>
                <td>{r.encrypted ? 'あり' : `なし（${r.unencryptedReason}）`}</td>
                <td>{r.requestedBy}</td>
                <td>{r.expectedReturn ? formatDate(r.expectedReturn, settings.dateStyle) : '—'}{overdue && <strong>（返却期限切れ）</strong>}</td>
                <td>{takeOutStateLabels[r.state]}{r.decidedBy ? `（${r.decidedBy}）` : ''}</td>
                <td className="row-actions">
                  {r.state === 'requested' && can('takeOut.decide') && !isSamePerson(operator, { userId: r.requestedByUserId, name: r.requestedBy }) && (
                    <>
                      <button type="button" onClick={() => void step(r, 'approve')}>許可</button>
                      <button type="button" className="danger" onClick={() => void step(r, 'reject')}>却下</button>
                    </>
                  )}
                  {r.state === 'approved' && can('takeOut.handOver') && <button type="button" onClick={() => void step(r, 'handOver')}>持ち出した</button>}
                  {r.state === 'handedOver' && can('takeOut.return') && <button type="button" onClick={() => void step(r, 'return')}>返却された</button>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {records.length === 0 && <p className="muted">記録はありません。</p>}
    </div>
  );
}

function Disposals({ initialNumber, report }: { initialNumber?: string; report: Report }) {
  const db = useDatabase();
  const operator = useOperator();
  const can = useCan();
  const profile = useProfile();
  const settings = useSectionSettings();
  const context = useContext();
  const records = useDisposals() ?? [];
  const { all, byNumber: assets } = useLedgerAssets();
  const [number, setNumber] = useState(initialNumber ?? '');
  const [method, setMethod] = useState('');
  const [reason, setReason] = useState('');
  const [completing, setCompleting] = useState<number | null>(null);
  const [completion, setCompletion] = useState({ performedOn: tokyoDay(new Date()), performer: '', witness: '', certificateRef: '' });
  const asset = assets.get(number.trim().toUpperCase());
  const secure = asset ? secureDisposalRequirement(profile, asset) : false;
  const methods = allowedDisposalMethods(secure);
  const request = disposalRequestSchema.safeParse({ method, reason });
  const blocked = !asset ? '廃棄する資産を選んでください（管理番号・名称・所在で探せます）。' : request.success ? null : request.error.issues[0]!.message;

  const submit = async () => {
    const parsed = disposalRequestSchema.safeParse({ method, reason });
    if (!parsed.success) return;
    const result = await requestDisposalFor(db, profile, number, parsed.data, context());
    report(result, '廃棄を申請しました。セキュリティ管理者の許可を待ってください。');
    if (result.ok) setReason('');
  };
  const decide = async (record: Disposal, approve: boolean) =>
    report(await advanceDisposal(db, record.id!, { kind: 'decide', approve, reason: '' }, context()), approve ? '許可しました。' : '却下しました。');
  const complete = async () => {
    const parsed = disposalCompletionSchema.safeParse(completion);
    if (!parsed.success) return report(parsed.error.issues[0]!.message, '');
    const result = await advanceDisposal(db, completing!, { kind: 'complete', completion: parsed.data }, context());
    report(result, '廃棄を記録しました。資産は「廃棄済」になりました。');
    if (result.ok) setCompleting(null);
  };
  const label = (id: string) => disposalMethods.find((m) => m.id === id)?.label ?? id;

  return (
    <div className="card" role="region" aria-labelledby="disposal-title">
      <h2 id="disposal-title">廃棄</h2>
      {can('disposal.request') && (
        <div className="register-form">
          <div className="form-grid">
            <div className="field field--wide">
              <AssetPicker id="dp-number" label="廃棄する資産" assets={all} value={asset ? [asset.id] : []} onChange={(ids) => setNumber(pickNumber(all, ids))} accept={canDispose} />
            </div>
            <div className="field">
              <label htmlFor="dp-method">廃棄方法</label>
              <select id="dp-method" value={method} onChange={(e) => setMethod(e.target.value)}>
                <option value="">選んでください</option>
                {methods.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
              </select>
              {secure === true && <p className="hint">この資産の分類では、情報を復元できない方法だけが選べます（【03】第14条）。</p>}
              {secure === 'undecided' && <p className="hint">{undecidedHandlingLabel}：この資産は分類が決まっていないため、情報を復元できない方法だけが選べます（【03】第6条3・第14条）。</p>}
            </div>
            <div className="field"><label htmlFor="dp-reason">廃棄の理由</label><input id="dp-reason" value={reason} onChange={(e) => setReason(e.target.value)} /></div>
          </div>
          {blocked && <p className="hint" id="dp-blocked">{blocked}</p>}
          <div className="actions actions--start"><button type="button" className="primary" disabled={blocked !== null} aria-describedby={blocked ? 'dp-blocked' : undefined} onClick={() => void submit()}>廃棄を申請</button></div>
        </div>
      )}
      <table className="audit-table" aria-label="廃棄の記録">
        <thead><tr><th scope="col">管理番号</th><th scope="col">方法</th><th scope="col">理由</th><th scope="col">申請者</th><th scope="col">状態</th><th scope="col">実施</th><th scope="col">操作</th></tr></thead>
        <tbody>
          {records.map((r) => (
            <tr key={r.id}>
              <td className="mono">{r.managementNumber}</td>
              <td>{label(r.method)}</td>
              <td>{r.reason}</td>
              <td>{r.requestedBy}</td>
              <td>{disposalStateLabels[r.state]}{r.decidedBy ? `（${r.decidedBy}）` : ''}</td>
              <td>{r.state === 'completed' ? `${formatDate(r.performedOn, settings.dateStyle)} 実施: ${r.performer} 立会: ${r.witness}${r.certificateRef ? ` 証明書: ${r.certificateRef}` : ''}` : '—'}</td>
              <td className="row-actions">
                {r.state === 'requested' && can('disposal.decide') && !isSamePerson(operator, { userId: r.requestedByUserId, name: r.requestedBy }) && (
                  <>
                    <button type="button" onClick={() => void decide(r, true)}>許可</button>
                    <button type="button" className="danger" onClick={() => void decide(r, false)}>却下</button>
                  </>
                )}
                {r.state === 'approved' && can('disposal.complete') && <button type="button" onClick={() => setCompleting(r.id!)}>廃棄を記録</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {records.length === 0 && <p className="muted">記録はありません。</p>}
      {completing !== null && (
        <div className="register-form" role="region" aria-label="廃棄の実施記録">
          <h3>廃棄の実施を記録（【03】第14条2：日時・担当者・処理内容）</h3>
          <div className="form-grid">
            <div className="field"><label htmlFor="dc-date">実施日</label><input id="dc-date" type="date" value={completion.performedOn} onChange={(e) => setCompletion({ ...completion, performedOn: e.target.value })} /></div>
            <div className="field"><label htmlFor="dc-performer">実施者</label><input id="dc-performer" value={completion.performer} onChange={(e) => setCompletion({ ...completion, performer: e.target.value })} /></div>
            <div className="field"><label htmlFor="dc-witness">立会者</label><input id="dc-witness" value={completion.witness} onChange={(e) => setCompletion({ ...completion, witness: e.target.value })} /></div>
            <div className="field"><label htmlFor="dc-cert">証明書の番号など</label><input id="dc-cert" value={completion.certificateRef} onChange={(e) => setCompletion({ ...completion, certificateRef: e.target.value })} /></div>
          </div>
          <div className="actions actions--start">
            <button type="button" onClick={() => setCompleting(null)}>キャンセル</button>
            <button type="button" className="primary" onClick={() => void complete()}>記録する</button>
          </div>
        </div>
      )}
    </div>
  );
}
