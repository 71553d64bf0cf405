{{%AUTOESCAPE context="HTML"}}
{{! A section's stories, newest first, twenty a page; "Older stories" follows the store's cursor. }}
<header class="page-header">
  <h1 class="page-header__title">{{TITLE}}</h1>
{{#SUBSECTIONS}}
  <nav class="subsections" aria-label="Within {{TITLE}}">
    <ul>
{{#SUBSECTION}}
      <li><a href="{{SUBSECTION_URL}}">{{SUBSECTION_TITLE}}</a></li>
{{/SUBSECTION}}
    </ul>
  </nav>
{{/SUBSECTIONS}}
</header>
{{>STORIES}}
{{#NO_STORIES}}
<p class="empty-state">No stories have been published in {{TITLE}} yet.</p>
{{/NO_STORIES}}
{{#NO_OLDER}}
<p class="empty-state">There are no older stories in {{TITLE}}.</p>
{{/NO_OLDER}}
{{#MOST_READ}}
<aside class="most-read" aria-labelledby="most-read-heading">
  <h2 class="block-heading" id="most-read-heading">Most read in {{TITLE}}</h2>
{{MOST_READ_STORIES:none}}
</aside>
{{/MOST_READ}}
{{#PAGINATION}}
<nav class="pagination" aria-label="More stories">
{{#NEWEST}}  <a class="pagination__link" href="{{SECTION_URL}}">Newest stories</a>
{{/NEWEST}}
{{#OLDER}}  <a class="pagination__link pagination__link--older" href="?cursor={{NEXT_CURSOR:u}}" rel="next">Older stories</a>
{{/OLDER}}
</nav>
{{/PAGINATION}}
