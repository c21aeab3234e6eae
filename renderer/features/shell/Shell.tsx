/** The frame around every screen: who and where, navigation, and the current view. */
import { useEffect, useRef, useState } from 'react';
import { roleLabels } from '../../../shared/domain/classification';
import { useActiveProfile } from '../../data/useLedger';
import { ClassificationWizard } from '../classification/ClassificationWizard';
import { ProfileScreen } from '../classification/ProfileScreen';
import { BackupScreen } from '../backup/BackupScreen';
import { LabelScreen } from '../labels/LabelScreen';
import { AuditScreen } from '../audit/AuditScreen';
import { OperatorDialog } from './OperatorDialog';
import type { SectionSettings } from '../../../shared/domain/sectionSettings';
import { useDatabase } from '../../data/DatabaseContext';
import { saveSettings } from '../../data/settingsRepository';
import { platform } from '../../platform/bridge';
import { AssetDetail } from '../ledger/AssetDetail';
import { AssetEditor } from '../ledger/AssetEditor';
import { LedgerScreen } from '../ledger/LedgerScreen';
import { ProfileContext, SettingsContext } from './SettingsContext';

export type View =
  | { name: 'list' }
  | { name: 'new' }
  | { name: 'detail'; id: string }
  | { name: 'edit'; id: string }
  | { name: 'classify'; id: string }
  | { name: 'profiles' }
  | { name: 'backup' }
  | { name: 'labels' }
  | { name: 'audit' };

export function Shell({ settings }: { settings: SectionSettings }) {
  const [view, setView] = useState<View>({ name: 'list' });
  const [version, setVersion] = useState('');
  const db = useDatabase();
  const { profile, missing } = useActiveProfile(settings.profileId);
  const operatorDialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    void platform.appInfo().then((info) => setVersion(info.version));
  }, []);

  return (
    <SettingsContext.Provider value={settings}>
      <ProfileContext.Provider value={profile}>
      <div className="shell">
        <header className="topbar">
          <div className="brand" title="Daichō 情報資産台帳">
            <span className="brand__mark" aria-hidden="true">台</span>
            <span className="brand__name">Daichō 情報資産台帳</span>
          </div>
          <nav className="topnav" aria-label="主な画面">
            <button type="button" aria-current={view.name === 'list' ? 'page' : undefined} onClick={() => setView({ name: 'list' })}>
              台帳一覧
            </button>
            <button type="button" aria-current={view.name === 'new' ? 'page' : undefined} onClick={() => setView({ name: 'new' })}>
              資産を登録
            </button>
            <button type="button" aria-current={view.name === 'profiles' ? 'page' : undefined} onClick={() => setView({ name: 'profiles' })}>
              分類基準
            </button>
            <button type="button" aria-current={view.name === 'labels' ? 'page' : undefined} onClick={() => setView({ name: 'labels' })}>
              ラベル
            </button>
            <button type="button" aria-current={view.name === 'backup' ? 'page' : undefined} onClick={() => setView({ name: 'backup' })}>
              バックアップ
            </button>
            <button type="button" aria-current={view.name === 'audit' ? 'page' : undefined} onClick={() => setView({ name: 'audit' })}>
              監査ログ
            </button>
          </nav>
          <label className="wareki-toggle">
            <input
              type="checkbox"
              checked={settings.dateStyle === 'wareki'}
              onChange={(event) =>
                void saveSettings(db, { ...settings, dateStyle: event.target.checked ? 'wareki' : 'seireki' }, new Date().toISOString())
              }
            />
            和暦で表示
          </label>
          <div className="whoami" aria-label="団体・課・操作者">
            <span className="whoami__place">{settings.organisation} {settings.section}</span>
            <span className="whoami__operator">
              操作者: {settings.operator}（{roleLabels[settings.operatorRole]}）
            </span>
            <button type="button" className="link" onClick={() => operatorDialog.current?.showModal()}>
              切替
            </button>
          </div>
        </header>
        <main className="content">
          {missing && (
            <p className="notice" role="alert">
              設定されている分類基準（{settings.profileId}）が見つからないため、{profile.name} を表示しています。「分類基準」画面で分類基準を選び直してください。
            </p>
          )}
          {view.name === 'list' && <LedgerScreen onOpen={(id) => setView({ name: 'detail', id })} onNew={() => setView({ name: 'new' })} onBackup={() => setView({ name: 'backup' })} />}
          {view.name === 'new' && <AssetEditor onDone={(id) => setView(id ? { name: 'detail', id } : { name: 'list' })} />}
          {view.name === 'edit' && <AssetEditor id={view.id} onDone={() => setView({ name: 'detail', id: view.id })} />}
          {view.name === 'detail' && (
            <AssetDetail
              id={view.id}
              onBack={() => setView({ name: 'list' })}
              onEdit={() => setView({ name: 'edit', id: view.id })}
              onClassify={() => setView({ name: 'classify', id: view.id })}
            />
          )}
          {view.name === 'classify' && <ClassificationWizard assetId={view.id} onDone={() => setView({ name: 'detail', id: view.id })} />}
          {view.name === 'profiles' && <ProfileScreen />}
          {view.name === 'backup' && <BackupScreen />}
          {view.name === 'labels' && <LabelScreen />}
          {view.name === 'audit' && <AuditScreen />}
        </main>
        <footer className="statusbar">
          <span>ネットワークに接続しない台帳アプリ</span>
          <span>{version && `バージョン ${version}`}</span>
        </footer>
        <OperatorDialog dialogRef={operatorDialog} settings={settings} />
      </div>
      </ProfileContext.Provider>
    </SettingsContext.Provider>
  );
}
