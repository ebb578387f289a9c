import type { ReactNode } from 'react';
import Markdown from 'react-markdown';

/**
 * The pathway's Markdown summary as formatted text. react-markdown builds React elements from the
 * Markdown syntax tree and renders no raw HTML, so nothing in the text can inject markup. Its
 * headings sit under the page's own (h4 and below), and links open outside the meeting.
 */
export function PlanMarkdown({
  markdown,
  headingLevel = 4,
  testId = 'draft-plan',
  scrollLabel,
}: {
  markdown: string;
  /** The level of the summary's top heading (one below the section's). */
  headingLevel?: 3 | 4;
  testId?: string;
  /** Shown in a box of limited height that scrolls (and takes the keyboard focus to scroll), named so. */
  scrollLabel?: string;
}): ReactNode {
  const [top, second, third] = headingLevel === 3 ? (['h3', 'h4', 'h5'] as const) : (['h4', 'h5', 'h6'] as const);
  const H1 = top;
  const H2 = second;
  const H3 = third;
  return (
    <div
      className={scrollLabel ? 'plan-markdown plan-scroll' : 'plan-markdown'}
      data-testid={testId}
      {...(scrollLabel ? { tabIndex: 0, role: 'region', 'aria-label': scrollLabel } : {})}
    >
      <Markdown
        skipHtml
        components={{
          h1: ({ children }) => <H1>{children}</H1>,
          h2: ({ children }) => <H2>{children}</H2>,
          h3: ({ children }) => <H3>{children}</H3>,
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
