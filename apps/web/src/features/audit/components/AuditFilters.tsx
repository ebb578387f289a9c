import type { FormEvent, ReactNode } from 'react';
import { EVENT_TYPES, ACTIONS, type Filters } from '../audit-query';

/** The audit search form: text and date filters, the event type and the action. */
export function AuditFilters({
  filters,
  onFilters,
  onSearch,
}: {
  filters: Filters;
  onFilters: (filters: Filters) => void;
  onSearch: () => void;
}): ReactNode {
  const field = (key: keyof Filters, label: string, type = 'text'): ReactNode => (
    <div className="field">
      <label htmlFor={`audit-${key}`}>{label}</label>
      <input
        id={`audit-${key}`}
        type={type}
        value={filters[key]}
        onChange={(event) => onFilters({ ...filters, [key]: event.target.value })}
      />
    </div>
  );

  return (
    <form
      className="filters"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSearch();
      }}
    >
      {field('patient', 'Patient name or MRN')}
      {field('caseReference', 'Case reference')}
      {field('user', 'User name or e-mail')}
      <div className="field">
        <label htmlFor="audit-type">Event</label>
        <select
          id="audit-type"
          value={filters.type}
          onChange={(event) => onFilters({ ...filters, type: event.target.value })}
        >
          {EVENT_TYPES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <select
          id="audit-action"
          value={filters.action}
          onChange={(event) => onFilters({ ...filters, action: event.target.value })}
        >
          {ACTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {field('from', 'From', 'datetime-local')}
      {field('to', 'To', 'datetime-local')}
      <button type="submit">Search</button>
    </form>
  );
}
