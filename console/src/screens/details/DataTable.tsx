import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ErrorText } from '../../components/ErrorText';
import { Scroll } from './Scroll';

interface Props<T> {
  /** The table's accessible name (and its scrolling region's). */
  label: string;
  /** What an empty table says. */
  empty: string;
  rows: T[];
  rowKey: keyof T & string;
  columns: ColumnsType<T>;
  loading?: boolean;
  error?: unknown;
}

/** The screen's tables: named, scrolling inside their card on a phone, a refusal in words above them. */
export function DataTable<T extends object>({ label, empty, rows, rowKey, columns, loading = false, error }: Props<T>) {
  return (
    <>
      <ErrorText error={error} />
      <Scroll label={label}>
        <Table<T>
          size="small" rowKey={rowKey}
          pagination={false} loading={loading} dataSource={rows} columns={columns}
          aria-label={label} locale={{ emptyText: <span className="muted">{empty}</span> }}
        />
      </Scroll>
    </>
  );
}
