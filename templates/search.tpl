{{%AUTOESCAPE context="HTML"}}
{{!
  Search results, best match first (or newest first with sort=date), with a snippet of the
  story text around the matches. Paging follows plain links, so it works without JavaScript.
  SNIPPET_HTML is escaped text plus <mark> only (SetSnippetHtml in views.cc).
}}
<header class="page-header">
{{#EMPTY_QUERY}}  <h1 class="page-header__title">Search stories</h1>{{/EMPTY_QUERY}}
{{#HAS_QUERY}}  <h1 class="page-header__title">Results for “{{QUERY}}”</h1>{{/HAS_QUERY}}
</header>
{{#EMPTY_QUERY}}
<p class="empty-state">Type one or more words in the search box. Use "quotes" for an exact phrase, word* for words that begin with it, -word to leave a word out, and OR between alternatives.</p>
<p class="empty-state">Narrow the results with section:news/world, source:NAME, author:smith (or author:"jane smith"), lang:en, after:2026-11-01 (that day included) and before:2026-12-01 (that day excluded); dates are in UTC.</p>
{{/EMPTY_QUERY}}
{{#SORT}}
<p class="search-sort">Sorted by {{#BY_RELEVANCE}}relevance <span aria-hidden="true">·</span> <a href="{{DATE_URL}}">sort by date</a>{{/BY_RELEVANCE}}{{#BY_DATE}}date, newest first <span aria-hidden="true">·</span> <a href="{{RELEVANCE_URL}}">sort by relevance</a>{{/BY_DATE}}</p>
{{/SORT}}
{{#QUERY_ERROR}}
<p class="empty-state">{{ERROR_TEXT}}</p>
{{/QUERY_ERROR}}
{{#NO_RESULTS}}
<p class="empty-state">No stories match “{{QUERY}}”. Try fewer or different words.</p>
{{/NO_RESULTS}}
{{#SUGGESTION}}
<p class="search-suggestion">Did you mean <a href="{{SUGGESTION_URL}}">{{SUGGESTION_TEXT}}</a>?</p>
{{/SUGGESTION}}
{{#NO_MORE_RESULTS}}
<p class="empty-state">There are no more stories matching “{{QUERY}}”.</p>
{{/NO_MORE_RESULTS}}
{{#RESULTS}}
<ol class="story-list search-results">
{{#RESULT}}
  <li class="story">
    <h2 class="story__headline"><a href="{{URL}}">{{HEADLINE}}</a></h2>
    <p class="story__meta"><time datetime="{{PUBLISHED_ISO}}">{{PUBLISHED_TEXT}}</time> <span aria-hidden="true">·</span> <a class="story__section" href="{{SECTION_URL}}">{{SECTION_TITLE}}</a></p>
    {{#SNIPPET}}<p class="story__snippet">{{SNIPPET_HTML:none}}</p>{{/SNIPPET}}
  </li>
{{/RESULT}}
</ol>
{{/RESULTS}}
{{#PAGINATION}}
<nav class="pagination" aria-label="More results">
{{#PREVIOUS}}  <a class="pagination__link" href="{{PREVIOUS_URL}}">First results</a>
{{/PREVIOUS}}
{{#NEXT}}  <a class="pagination__link pagination__link--older" href="{{NEXT_URL}}" rel="next">Next page</a>
{{/NEXT}}
</nav>
{{/PAGINATION}}
