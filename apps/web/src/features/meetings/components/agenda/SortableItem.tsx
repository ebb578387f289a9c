import { type ReactNode } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';

export function SortableItem({
  id,
  reference,
  children,
}: {
  id: string;
  reference: string;
  children: ReactNode;
}): ReactNode {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id,
  });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={isDragging ? 'dragging' : undefined}
      data-testid="agenda-item"
    >
      <button
        type="button"
        className="drag-handle"
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        aria-label={`Drag ${reference} to reorder`}
        aria-describedby="agenda-drag-help"
      >
        <span aria-hidden="true">⠿</span>
      </button>
      <div className="agenda-body">{children}</div>
    </li>
  );
}
