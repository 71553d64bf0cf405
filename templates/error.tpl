{{%AUTOESCAPE context="HTML"}}
{{! 404, 410 (a withdrawn story), and the generic 400/405/500 pages. }}
<section class="error-page" aria-labelledby="error-heading">
  <p class="error-page__status">Error {{STATUS}}</p>
  <h1 class="error-page__title" id="error-heading">{{HEADING}}</h1>
  <p>{{MESSAGE}}</p>
{{#GONE}}
  <p class="notice" role="note">The wire agency that supplied this story withdrew it. A withdrawn story is removed from every page, list and search of this site.</p>
{{/GONE}}
  <p><a href="/">Go to the home page</a></p>
</section>
