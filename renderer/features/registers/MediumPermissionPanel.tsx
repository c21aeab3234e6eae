/**
 * 記録媒体の使用許可 (【03】第8条1 「セキュリティ管理者の許可なしに、記録媒体を使用してはならない。」) on a
 * medium's page: who permitted it and when, and for a security manager the buttons to permit or
 * withdraw. Backups and signed exports are written only to permitted, labelled media.
 */
import { useState } from 'react';
import type { Asset } from '../../../shared/domain/asset';
import { formatDate } from '../../../shared/domain/formatDate';
import { MEDIUM_NOTE_MAX, mediumPermissionFailureMessages, type MediumPermissionFailure } from '../../../shared/registers/approvedMedia';
import { setMediumPermission } from '../../data/assetRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { writeFailureMessages, type WriteFailure } from '../../data/writeResult';
import { Notice, type Message } from '../shell/Notice';
import { useCan, useChangeContext, useSectionSettings } from '../shell/SettingsContext';

function failureText(reason: WriteFailure | MediumPermissionFailure): string {
  return (mediumPermissionFailureMessages as Record<string, string>)[reason] ?? writeFailureMessages[reason as WriteFailure];
}

export function MediumPermissionPanel({ asset }: { asset: Asset }) {
  const db = useDatabase();
  const can = useCan();
  const context = useChangeContext();
  const settings = useSectionSettings();
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const permission = asset.mediumPermission ?? null;
  const manager = can('medium.permit');

  const change = async (grant: boolean) => {
    setMessage(null);
    const result = grant ? await setMediumPermission(db, asset.id, { grant: true, note }, context()) : await setMediumPermission(db, asset.id, { grant: false, reason: note }, context());
    if (!result.ok) return setMessage({ kind: 'error', text: failureText(result.reason) });
    setNote('');
    setMessage({ kind: 'ok', text: grant ? 'この記録媒体の使用を許可しました。分類ラベルを印刷すると、バックアップと書出しの保存先に選べます。' : '使用許可を取り消しました。この媒体はバックアップと書出しの保存先に選べなくなりました。' });
  };

  return (
    <section className="card" aria-labelledby="medium-permission-title">
      <h2 id="medium-permission-title">記録媒体の使用許可</h2>
      <p className="muted">記録媒体は、セキュリティ管理者の許可なしに使用できません（【03】第8条）。バックアップと書出しは、許可されラベルを貼った媒体に保存します。</p>
      <p>
        {permission ? (
          <>
            <strong>許可済み</strong>（{permission.grantedBy}、{formatDate(permission.grantedAt, settings.dateStyle)}）{permission.note && `：${permission.note}`}
          </>
        ) : (
          <strong>許可されていません</strong>
        )}
      </p>
      {manager ? (
        asset.status === 'active' || permission ? (
          <div className="inline-form">
            <label htmlFor="medium-permission-note">{permission ? '取り消す理由（任意）' : '許可のメモ（任意）'}</label>
            <input id="medium-permission-note" value={note} maxLength={MEDIUM_NOTE_MAX} onChange={(e) => setNote(e.target.value)} placeholder={permission ? '例: 紛失のため' : '例: 事務局への提出用'} />
            {permission ? (
              <button type="button" className="danger" onClick={() => void change(false)}>使用許可を取り消す</button>
            ) : (
              <button type="button" onClick={() => void change(true)}>使用を許可する</button>
            )}
          </div>
        ) : null
      ) : (
        <p className="hint">使用許可を与える・取り消すのはセキュリティ管理者です。</p>
      )}
      <Notice message={message} />
    </section>
  );
}
