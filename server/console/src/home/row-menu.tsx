import { createContext, useContext, type HTMLAttributes } from 'react';
import { useContextMenu, type MenuItems } from '../context-menu';

/** The right-click menu of a table row, by row key (the table's rowKey). */
export const RowMenu = createContext<(key: string) => MenuItems>(() => []);

/**
 * A table row with a right-click menu: pass it as `components={{ body: { row: ContextRow } }}`
 * inside a RowMenu provider. Every item is also reachable from buttons above the table.
 */
export function ContextRow(props: HTMLAttributes<HTMLTableRowElement> & { 'data-row-key'?: string | number }) {
  const itemsFor = useContext(RowMenu);
  const openMenu = useContextMenu();
  const key = props['data-row-key'];
  return (
    <tr
      {...props}
      onContextMenu={(e) => {
        props.onContextMenu?.(e);
        const items = key === undefined ? [] : itemsFor(String(key));
        if (!items.length) return;
        e.preventDefault();
        openMenu({ x: e.clientX, y: e.clientY }, items);
      }}
    />
  );
}
