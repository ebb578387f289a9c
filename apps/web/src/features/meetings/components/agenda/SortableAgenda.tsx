import type { ReactNode } from 'react';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';

/**
 * The agenda's ordered list, sortable by drag: the pointer, or the keyboard sensor (focus the
 * handle, Space, arrows, Space), with its help text and screen-reader announcements.
 */
export function SortableAgenda({
  order,
  onDragEnd,
  announcements,
  children,
}: {
  /** The agenda item ids in their shown order. */
  order: string[];
  onDragEnd: (event: DragEndEvent) => void;
  announcements: Announcements;
  /** The rows (AgendaRow), in `order`. */
  children: ReactNode;
}): ReactNode {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  return (
    <>
      <p className="muted" id="agenda-drag-help">
        Drag a case by its handle (⠿), or focus the handle and press Space, then the arrow keys, then Space to drop it.
        The Up and Down buttons move a case by one place.
      </p>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable:
              'To pick up an agenda case, press Space. Use the arrow keys to move it, Space to drop it, Escape to cancel.',
          },
        }}
      >
        <SortableContext items={order} strategy={verticalListSortingStrategy}>
          <ol className="agenda" aria-label="Agenda">
            {children}
          </ol>
        </SortableContext>
      </DndContext>
    </>
  );
}
