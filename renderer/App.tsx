/** Opens the database, then shows first-run setup or the ledger. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { DatabaseContext } from './data/DatabaseContext';
import { openDatabase, openFailureMessages, type OpenResult } from './data/openDatabase';
import { useAccount, useAccountCount, useSettings } from './data/useLedger';
import { SetupScreen } from './features/auth/SetupScreen';
import { LoginScreen } from './features/auth/LoginScreen';
import { ChangePasswordScreen } from './features/auth/ChangePasswordScreen';
import type { SectionSettings } from '../shared/domain/sectionSettings';
// Code splitting (issue 15): the login screen loads only what it shows; the ledger and every screen
// behind it (SheetJS, labels, backup) load after login, in their own chunks.
const Shell = lazy(() => import('./features/shell/Shell').then((m) => ({ default: m.Shell })));
import { endSession } from './data/accountRepository';
import { useDatabase } from './data/DatabaseContext';

export function App() {
  const [opened, setOpened] = useState<OpenResult | null>(null);

  useEffect(() => {
    let cancelled = false;
    const onClosedForUpgrade = () => setOpened({ ok: false, reason: 'closed-for-upgrade', detail: 'versionchange' });
    void openDatabase({ onClosedForUpgrade }).then((result) => {
      if (!cancelled) setOpened(result);
      else if (result.ok) result.db.close();
    });
    return () => {
      cancelled = true;
    };
  }, []);

  if (!opened) return <p className="loading" role="status">台帳を開いています…</p>;
  if (!opened.ok) {
    return (
      <main className="fatal" role="alert">
        <h1>台帳を開けません</h1>
        <p>{openFailureMessages[opened.reason]}</p>
        <p className="muted">詳細: {opened.detail}</p>
      </main>
    );
  }
  return (
    <DatabaseContext.Provider value={opened.db}>
      <Home />
    </DatabaseContext.Provider>
  );
}

/** Setup, then login; the ledger only for a signed-in account that has set its own password. */
function Home() {
  const db = useDatabase();
  const settings = useSettings();
  const accounts = useAccountCount();
  // Which screen to show. The data layer holds the session itself (set by login and setup, ended here
  // and by the screen lock) and checks it on every write.
  const [session, setSession] = useState<string | null>(null);
  const logout = () => {
    void endSession(db, 'logout', { now: new Date().toISOString() });
    setSession(null);
  };
  if (settings === undefined || accounts === undefined) return <p className="loading" role="status">台帳を開いています…</p>;
  if (settings === null || accounts === 0) return <SetupScreen existing={settings} onDone={setSession} />;
  if (!session) return <LoginScreen onLogin={setSession} />;
  return <SignedIn key={session} userId={session} settings={settings} onLogout={logout} />;
}

function SignedIn({ userId, settings, onLogout }: { userId: string; settings: SectionSettings; onLogout: () => void }) {
  const account = useAccount(userId);
  if (account === undefined) return <p className="loading" role="status">読み込み中…</p>;
  // An account disabled (or removed by a restore) while signed in ends the session.
  if (account === null || account.disabled) {
    return (
      <main className="fatal" role="alert">
        <p>このアカウントは使えなくなりました。セキュリティ管理者に確認してください。</p>
        <button type="button" onClick={onLogout}>ログイン画面に戻る</button>
      </main>
    );
  }
  if (account.mustChangePassword) return <ChangePasswordScreen name={account.displayName} onLogout={onLogout} />;
  return (
    <Suspense fallback={<p className="loading" role="status">画面を読み込んでいます…</p>}>
      <Shell settings={settings} operator={{ userId: account.userId, name: account.displayName, role: account.role }} onLogout={onLogout} />
    </Suspense>
  );
}
