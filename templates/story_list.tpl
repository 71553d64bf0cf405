{{%AUTOESCAPE context="HTML"}}
{{!
  A list of stories, newest first. HEADING_2 or HEADING_3 picks the headline level so the
  outline stays right under the page's own headings.
}}
<ol class="story-list{{#COMPACT}} story-list--compact{{/COMPACT}}">
{{#STORY}}
  <li class="story">
    {{#HEADING_2}}<h2 class="story__headline"><a href="{{URL}}">{{HEADLINE}}</a></h2>{{/HEADING_2}}
    {{#HEADING_3}}<h3 class="story__headline"><a href="{{URL}}">{{HEADLINE}}</a></h3>{{/HEADING_3}}
    <p class="story__meta"><time datetime="{{PUBLISHED_ISO}}">{{PUBLISHED_TEXT}}</time>{{#SECTION_LABEL}} <span aria-hidden="true">·</span> <a class="story__section" href="{{SECTION_URL}}">{{SECTION_TITLE}}</a>{{/SECTION_LABEL}}{{#CHANGE}} <span aria-hidden="true">·</span> <span class="story__change">{{CHANGE_TEXT}}</span>{{/CHANGE}}{{#WATCHED}} <span aria-hidden="true">·</span> <span class="story__watched">On your watchlist</span>{{/WATCHED}}</p>
    {{#REASON}}<p class="story__reason">{{REASON_TEXT}}</p>{{/REASON}}
    {{#SUMMARY}}<div class="story__summary">{{SUMMARY_HTML:none}}</div>{{/SUMMARY}}
  </li>
{{/STORY}}
</ol>
