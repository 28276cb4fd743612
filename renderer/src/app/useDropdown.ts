import { useEffect, useRef, useState } from 'react';

/** Open state of a dropdown menu that closes when the trader clicks anywhere outside its anchor. */
export function useDropdown<T extends HTMLElement>() {
  const [open, setOpen] = useState(false);
  const anchor = useRef<T>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => !anchor.current?.contains(event.target as Node) && setOpen(false);
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return { open, setOpen, anchor };
}
