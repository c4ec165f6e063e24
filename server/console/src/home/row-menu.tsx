import { Dropdown, type MenuProps } from 'antd';
import { createContext, useContext, type HTMLAttributes } from 'react';

type Items = NonNullable<MenuProps['items']>;

/** The right-click menu of a table row, by row key (the table's rowKey). */
export const RowMenu = createContext<(key: string) => Items>(() => []);

/**
 * A table row with a right-click menu: pass it as `components={{ body: { row: ContextRow } }}`
 * inside a RowMenu provider. Every item is also reachable from buttons above the table.
 */
export function ContextRow(props: HTMLAttributes<HTMLTableRowElement> & { 'data-row-key'?: string | number }) {
  const itemsFor = useContext(RowMenu);
  const key = props['data-row-key'];
  const items = key === undefined ? [] : itemsFor(String(key));
  if (!items.length) return <tr {...props} />;
  return (
    <Dropdown menu={{ items }} trigger={['contextMenu']}>
      <tr {...props} />
    </Dropdown>
  );
}
