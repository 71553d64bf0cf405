{{%AUTOESCAPE context="HTML"}}
{{! The front page: the top story, the latest stories, Recommended For You (signed-in readers),
    Most read, then a block per configured section. }}
<h1 class="visually-hidden">{{SITE_NAME}}</h1>
{{#EMPTY}}
<section class="empty-state">
  <h2>No stories yet</h2>
  <p>Nothing has been published yet. Stories appear here as soon as the wire feeds deliver them.</p>
</section>
{{/EMPTY}}
{{#FRONT}}
<div class="front">
{{#TOP}}
  <section class="top-story" aria-labelledby="top-story-headline">
    <p class="kicker"><a href="{{SECTION_URL}}">{{SECTION_TITLE}}</a></p>
    <h2 class="top-story__headline" id="top-story-headline"><a href="{{URL}}">{{HEADLINE}}</a></h2>
    {{#SUMMARY}}<div class="top-story__summary">{{SUMMARY_HTML:none}}</div>{{/SUMMARY}}
    <p class="story__meta">{{#BYLINE}}<span class="byline">{{BYLINE_TEXT}}</span> <span aria-hidden="true">·</span> {{/BYLINE}}<time datetime="{{PUBLISHED_ISO}}">{{PUBLISHED_TEXT}}</time>{{#CHANGE}} <span aria-hidden="true">·</span> <span class="story__change">{{CHANGE_TEXT}}</span>{{/CHANGE}}</p>
  </section>
{{/TOP}}
{{#LATEST}}
  <section class="latest" aria-labelledby="latest-heading">
    <h2 class="block-heading" id="latest-heading">Latest</h2>
{{LATEST_STORIES:none}}
  </section>
{{/LATEST}}
</div>
{{/FRONT}}
{{#RECOMMENDED}}
<section class="recommended" aria-labelledby="recommended-heading">
  <h2 class="block-heading" id="recommended-heading">Recommended For You</h2>
{{RECOMMENDED_STORIES:none}}
</section>
{{/RECOMMENDED}}
{{#MOST_READ}}
<section class="most-read" aria-labelledby="most-read-heading">
  <h2 class="block-heading" id="most-read-heading">Most read</h2>
{{MOST_READ_STORIES:none}}
</section>
{{/MOST_READ}}
{{#SECTIONS}}
<div class="section-blocks">
{{#SECTION_BLOCK}}
  <section class="section-block" aria-labelledby="{{BLOCK_ID}}">
    <h2 class="block-heading" id="{{BLOCK_ID}}"><a href="{{BLOCK_URL}}">{{BLOCK_TITLE}}</a></h2>
{{BLOCK_STORIES:none}}
    <p class="section-block__more"><a href="{{BLOCK_URL}}">More in {{BLOCK_TITLE}}</a></p>
  </section>
{{/SECTION_BLOCK}}
</div>
{{/SECTIONS}}
