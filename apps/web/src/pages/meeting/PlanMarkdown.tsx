import type { ReactNode } from 'react';
import Markdown from 'react-markdown';

/**
 * The pathway's Markdown summary as formatted text. react-markdown builds React elements from the
 * Markdown syntax tree and renders no raw HTML, so nothing in the text can inject markup. Its
 * headings sit under the page's own (h4 and below), and links open outside the meeting.
 */
export function PlanMarkdown({ markdown }: { markdown: string }): ReactNode {
  return (
    <div className="plan-markdown" data-testid="draft-plan">
      <Markdown
        skipHtml
        components={{
          h1: ({ children }) => <h4>{children}</h4>,
          h2: ({ children }) => <h5>{children}</h5>,
          h3: ({ children }) => <h6>{children}</h6>,
          a: ({ href, children }) => (
            <a href={href} target="_blank" rel="noreferrer">
              {children}
            </a>
          ),
        }}
      >
        {markdown}
      </Markdown>
    </div>
  );
}
