import { Dropdown, type MenuProps } from 'antd';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

export type MenuItems = NonNullable<MenuProps['items']>;

interface OpenMenu {
  /** A new Dropdown per opening, so that it aligns afresh to the new point. */
  id: number;
  x: number;
  y: number;
  items: MenuItems;
  /** Where the keyboard focus goes back to when the menu is dismissed. */
  returnFocus: HTMLElement | null;
}

type Opener = (at: { x: number; y: number }, items: MenuItems) => void;

/** Marks the menu's popup, so that a click inside it is not a click elsewhere. */
const POPUP_CLASS = 'console-context-menu';

const MenuCtx = createContext<Opener>(() => undefined);

/**
 * Opens the console's one right-click menu at a point (client coordinates).
 *
 * A Dropdown with antd's contextMenu trigger on every tree node or row closed itself on
 * any scroll event of the page or of the tree: a live update that changed the page's
 * height (the browser then clamps the scroll position), a virtual list keeping its scroll
 * offset in range, or the scroll that brought the node into view a frame earlier. So the
 * menu is one controlled Dropdown anchored at a fixed point, independent of the node that
 * opened it (which a refetch may re-render or a virtual list recycle). It closes on what
 * a person does: choosing an item, Escape, a click or right-click elsewhere, the wheel.
 */
export const useContextMenu = () => useContext(MenuCtx);

export function ContextMenuHost(props: { children: ReactNode }) {
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const nextId = useRef(0);

  const open = useCallback<Opener>((at, items) => {
    if (!items.length) return;
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setMenu({ id: ++nextId.current, x: at.x, y: at.y, items, returnFocus: focused });
  }, []);

  const current = useRef<OpenMenu | null>(null);
  current.current = menu;
  const dismiss = useCallback((restoreFocus: boolean) => {
    const was = current.current;
    setMenu(null);
    if (restoreFocus) was?.returnFocus?.focus();
  }, []);

  const isOpen = menu !== null;
  useEffect(() => {
    if (!isOpen) return;
    const outside = (e: Event) => {
      if (!(e.target instanceof Element && e.target.closest(`.${POPUP_CLASS}`))) dismiss(false);
    };
    // Capture, so a right-click on another node closes this menu before it opens its own.
    for (const type of ['mousedown', 'contextmenu', 'wheel', 'touchstart'] as const) window.addEventListener(type, outside, { capture: true, passive: true });
    return () => {
      for (const type of ['mousedown', 'contextmenu', 'wheel', 'touchstart'] as const) window.removeEventListener(type, outside, { capture: true });
    };
  }, [isOpen, dismiss]);

  return (
    <MenuCtx.Provider value={open}>
      {props.children}
      {menu && (
        <Dropdown
          key={menu.id}
          open
          trigger={[]}
          autoFocus
          placement="bottomLeft"
          // An item chosen with Enter often opens a dialog that focuses its first field: the
          // same key press must not reach that field and submit the dialog unseen.
          menu={{ items: menu.items, onClick: ({ domEvent }) => domEvent.preventDefault() }}
          rootClassName={POPUP_CLASS}
          // Only Escape, Tab and a chosen item reach here: the menu has no trigger of its own.
          onOpenChange={(next, info) => !next && dismiss(info.source === 'trigger')}
        >
          {/* One pixel: Trigger does not align to an element without size. */}
          <span aria-hidden style={{ position: 'fixed', left: menu.x, top: menu.y, width: 1, height: 1, pointerEvents: 'none' }} />
        </Dropdown>
      )}
    </MenuCtx.Provider>
  );
}

/** The point a menu opens at for a keyboard request: the lower left corner of `element`. */
export function pointBelow(element: Element): { x: number; y: number } {
  const r = element.getBoundingClientRect();
  return { x: r.left, y: r.bottom };
}
