import { useEffect, useRef, useState } from 'react';

/** Open state of a dropdown menu that closes when the trader clicks anywhere outside its anchor or presses Escape. */
export function useDropdown<T extends HTMLElement>() {
  const [open, setOpen] = useState(false);
  const anchor = useRef<T>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => !anchor.current?.contains(event.target as Node) && setOpen(false);
    const escape = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  return { open, setOpen, anchor };
}
