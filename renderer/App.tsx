/** Opens the database, then shows first-run setup or the ledger. */
import { useEffect, useState } from 'react';
import { DatabaseContext } from './data/DatabaseContext';
import { openDatabase, openFailureMessages, type OpenResult } from './data/openDatabase';
import { useSettings } from './data/useLedger';
import { SetupScreen } from './features/setup/SetupScreen';
import { Shell } from './features/shell/Shell';

export function App() {
  const [opened, setOpened] = useState<OpenResult | null>(null);

  useEffect(() => {
    performance.mark('daicho:db-open-start');
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

function Home() {
  const settings = useSettings();
  if (settings === undefined) return <p className="loading" role="status">台帳を開いています…</p>;
  if (settings === null) return <SetupScreen />;
  return <Shell settings={settings} />;
}
