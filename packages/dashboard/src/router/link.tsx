/**
 * An `<a>` that navigates in-app on a plain click and behaves as a normal link otherwise
 * (new tab with Ctrl/Cmd/middle click, copy link address), so every row and menu entry is a
 * real link for the keyboard and the browser.
 */
import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { navigate, useLocation } from "./navigation.js";

export interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  to: string;
  /** Marks the link `aria-current="page"` when the current path starts with `to`. */
  activePrefix?: string;
}

export function Link({ to, activePrefix, onClick, children, ...rest }: LinkProps) {
  const { pathname } = useLocation();
  const active = activePrefix !== undefined && pathname.startsWith(activePrefix);
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handleClick} aria-current={active ? "page" : undefined} {...rest}>
      {children}
    </a>
  );
}
