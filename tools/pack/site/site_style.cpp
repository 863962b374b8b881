#include "site_style.hpp"

namespace guichet::site {

// Colours checked for WCAG AA contrast: #1a1a1a on white 17:1, links #0b4a8f on white 8.6:1,
// white on the header's #123a6b 11:1, the meta grey #4a4a4a on white 8.9:1.
const std::string& site_css() {
    static const std::string css = R"css(*,*::before,*::after{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:"Marianne","DejaVu Sans",Arial,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
a{color:#0b4a8f;text-underline-offset:.15em}
a:hover{text-decoration-thickness:.15em}
:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;box-shadow:0 0 0 6px #ffd34d}
.skip{position:absolute;left:.5rem;top:-4rem;background:#fff;color:#0b4a8f;padding:.5rem 1rem;z-index:2}
.skip:focus{top:.5rem}
header.site{background:#123a6b;color:#fff;padding:.75rem 1rem}
header.site a{color:#fff}
.site-name{margin:0 0 .5rem;font-weight:700;font-size:1.15rem}
.site-name a{text-decoration:none}
header nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header nav a{display:inline-block;padding:.35rem 0}
header nav a[aria-current]{font-weight:700;text-decoration-thickness:.2em}
main{display:block;max-width:46rem;margin:0 auto;padding:1rem}
main:focus{outline:none}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.3rem;margin:1.75rem 0 .75rem}
h3{font-size:1.1rem;margin:1.25rem 0 .5rem}
img,video{max-width:100%;height:auto}
figure{margin:1rem 0}
figcaption,.meta,.updated{color:#4a4a4a;font-size:.95rem}
.lead{font-size:1.1rem}
.cards,.entries{list-style:none;padding:0;display:grid;gap:.75rem}
.cards li,.entries li{border:1px solid #b5b5b5;border-radius:.5rem;padding:.75rem 1rem}
.cards a{font-weight:700;font-size:1.05rem}
.cards p,.entries p{margin:.25rem 0 0}
.entries h3{margin:0}
.notice{border-left:.35rem solid #123a6b;background:#eef3fa;padding:.5rem 1rem;margin:1rem 0}
.online{border:2px dashed #4a4a4a;padding:.5rem 1rem}
#formulaire fieldset{border:1px solid #767676;margin:1rem 0;padding:.5rem .75rem;min-width:0}
#formulaire legend{font-weight:bold;padding:0 .25rem}
#formulaire .champ{margin:.75rem 0}
#formulaire label{display:block;margin:.5rem 0 .25rem}
#formulaire .option{display:flex;gap:.5rem;align-items:baseline}
#formulaire .option label{display:inline;margin:.2rem 0}
#formulaire input[type=text],#formulaire input[type=email],#formulaire input[type=tel],#formulaire textarea,#formulaire select{display:block;width:100%;max-width:30rem;font:inherit;padding:.4rem;border:1px solid #4a4a4a;border-radius:.2rem}
#formulaire .aide{color:#4a4a4a;margin:.25rem 0}
#formulaire .probleme{color:#a4141d;font-weight:bold;margin:.25rem 0}
#formulaire .probleme:empty{display:none}
#formulaire .erreurs:not(:empty){border-left:.35rem solid #a4141d;background:#fdf0f0;padding:.5rem 1rem}
#formulaire button{font:inherit;padding:.6rem 1.2rem;margin:.5rem .5rem .5rem 0;border:2px solid #123a6b;border-radius:.3rem;background:#123a6b;color:#fff;cursor:pointer}
#formulaire button.secondaire{background:#fff;color:#123a6b}
#formulaire .recu{border-left:.35rem solid #1d6b2f;background:#eef7f0;padding:.5rem 1rem}
.checklist{list-style:none;padding:0}
.checklist li{padding-left:2rem;position:relative;margin:.4rem 0}
.checklist li::before{content:"";position:absolute;left:0;top:.2rem;width:1.1rem;height:1.1rem;border:2px solid #1a1a1a;border-radius:.15rem}
.table{overflow-x:auto}
table{border-collapse:collapse;margin:1rem 0}
th,td{border:1px solid #b5b5b5;padding:.4rem .6rem;text-align:left;vertical-align:top}
.right{text-align:right}.center{text-align:center}
blockquote{margin:1rem 0;padding-left:1rem;border-left:.25rem solid #b5b5b5}
footer{border-top:1px solid #b5b5b5;margin-top:2rem;padding:1rem;color:#4a4a4a;font-size:.9rem;max-width:46rem;margin-left:auto;margin-right:auto}
@media (min-width:48rem){
main{padding:1.5rem 2rem}
h1{font-size:2rem}
.cards{grid-template-columns:repeat(2,1fr)}
header.site{padding:1rem 2rem}
}
@media print{
header nav,.skip,video,.online{display:none}
header.site{background:none;color:#000;padding:0}
header.site a,a{color:#000}
main{max-width:none;padding:0}
a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em}
.cards li,.entries li{break-inside:avoid}
.notice{background:none}
}
)css";
    return css;
}

}  // namespace guichet::site
