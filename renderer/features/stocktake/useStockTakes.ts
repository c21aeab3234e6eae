/** Live queries for the stock-take screen (component -> hook -> repository). */
import { useLiveQuery } from 'dexie-react-hooks';
import { useDatabase } from '../../data/DatabaseContext';
import { getStockTake, listStockTakes } from '../../data/stockTakeRepository';

export function useStockTakes() {
  const db = useDatabase();
  return useLiveQuery(() => listStockTakes(db), [db]);
}

export function useStockTake(id: number | null) {
  const db = useDatabase();
  return useLiveQuery(() => (id === null ? null : getStockTake(db, id)), [db, id]);
}
