// The French catalogue of the expression language's messages (show_if, computed
// fields, validations: kiosk/core/forms/expr), as guichet-pack check reports
// them at their line and column. English key, French text, same {N}.
#include "messages.hpp"

namespace guichet::packsrc {

namespace {

const std::pair<std::string_view, std::string_view> kFrench[] = {
    // where and what was found
    {"column {1}", "colonne {1}"},
    {"line {1}, column {2}", "ligne {1}, colonne {2}"},
    {"the end of the expression", "la fin de l’expression"},
    // parser.cpp
    {"the expression is nested too deeply (more than 64 levels of parentheses, operators, functions or 'if'): "
     "simplify it or split it into several computed fields",
     "l’expression est trop imbriquée (plus de 64 niveaux de parenthèses, d’opérateurs, de fonctions ou de 'if') : "
     "simplifiez-la ou répartissez-la en plusieurs champs calculés"},
    {"the expression is too large (more than 1000 numbers, texts, fields and operators): split it into several "
     "computed fields",
     "l’expression est trop grande (plus de 1000 nombres, textes, champs et opérateurs) : répartissez-la en plusieurs "
     "champs calculés"},
    {"expected 'then' after the condition of 'if' (at {1}), but found {2}",
     "'then' est attendu après la condition du 'if' (en {1}), mais on trouve {2}"},
    {"expected 'else' after the 'then' part of 'if' (at {1}): write 'if … then … else …', but found {2}",
     "'else' est attendu après la partie 'then' du 'if' (en {1}) : écrivez 'if … then … else …', mais on trouve {2}"},
    {"comparisons cannot be chained: join them with 'and', as in a < b and b < c",
     "les comparaisons ne s’enchaînent pas : reliez-les par 'and', comme dans a < b and b < c"},
    {"expected a list after 'in', as in organisme in ['caf', 'msa'], but found {1}",
     "une liste est attendue après 'in', comme dans organisme in ['caf', 'msa'], mais on trouve {1}"},
    {"the list after 'in' is empty: write at least one text, as in ['caf', 'msa']",
     "la liste après 'in' est vide : écrivez au moins un texte, comme dans ['caf', 'msa']"},
    {"a list after 'in' holds texts in single quotes, as in ['caf', 'msa'], but found {1}",
     "une liste après 'in' contient des textes entre apostrophes droites, comme dans ['caf', 'msa'], mais on trouve {1}"},
    {"expected ',' or ']' to close '[' opened at {1}, but found {2}",
     "',' ou ']' est attendu pour fermer le '[' ouvert en {1}, mais on trouve {2}"},
    {"expected ')' to close '(' opened at {1}, but found {2}", "')' est attendu pour fermer le '(' ouvert en {1}, mais on trouve {2}"},
    {"put 'if … then … else …' between parentheses when it is part of a larger expression, as in 2 * (if a then 1 else 2)",
     "mettez 'if … then … else …' entre parenthèses quand il fait partie d’une expression plus grande, comme dans "
     "2 * (if a then 1 else 2)"},
    {"a list [ … ] can only follow 'in', as in organisme in ['caf', 'msa']",
     "une liste [ … ] ne peut venir qu’après 'in', comme dans organisme in ['caf', 'msa']"},
    {"the expression is empty", "l’expression est vide"},
    {"the expression ends too early: expected a value after {1}", "l’expression s’arrête trop tôt : une valeur est attendue après {1}"},
    {"expected a value at the start, but found {1}", "une valeur est attendue au début, mais on trouve {1}"},
    {"expected a value after {1}, but found {2}", "une valeur est attendue après {1}, mais on trouve {2}"},
    {"expected ',' or ')' after an argument of '{1}(' opened at {2}, but found {3}",
     "',' ou ')' est attendu après un argument de '{1}(' ouvert en {2}, mais on trouve {3}"},
    {"date(…) takes a date in quotes, written YYYY-MM-DD, as in date('2026-12-05')",
     "date(…) prend une date entre apostrophes, écrite AAAA-MM-JJ, comme dans date('2026-12-05')"},
    {"{1} is not a real date written YYYY-MM-DD, as in date('2026-12-05')",
     "{1} n’est pas une vraie date écrite AAAA-MM-JJ, comme dans date('2026-12-05')"},
    {"expected ')' to close 'date(' opened at {1}, but found {2}",
     "')' est attendu pour fermer le 'date(' ouvert en {1}, mais on trouve {2}"},
    {"this ')' has no matching '('", "ce ')' n’a pas de '(' correspondant"},
    {"this ']' has no matching '['", "ce ']' n’a pas de '[' correspondant"},
    {"unexpected ',': decimal numbers are written with a point (1.20), and ',' only separates the arguments of a function",
     "',' inattendue : les nombres décimaux s’écrivent avec un point (1.20), et ',' ne sépare que les arguments "
     "d’une fonction"},
    {"unexpected {1} without 'if': write 'if … then … else …'", "{1} inattendu sans 'if' : écrivez 'if … then … else …'"},
    {"unexpected {1} after a complete expression: is an operator such as 'and' or '==' missing before it?",
     "{1} inattendu après une expression complète : manque-t-il avant un opérateur comme 'and' ou '=='\u00a0?"},
    {"unexpected {1} after a complete expression", "{1} inattendu après une expression complète"},
    {"the expression is too long ({1} bytes; at most 4096): split it into several computed fields",
     "l’expression est trop longue ({1} octets ; 4096 au plus) : répartissez-la en plusieurs champs calculés"},
    // typecheck.cpp: the commonest mistakes (the type messages stay in English for now)
    {"; did you mean '{1}'?", " ; vouliez-vous dire '{1}'\u00a0?"},
    {"'{1}' is a field of each item of the group '{2}': use it through sum({2}, '{1}')",
     "'{1}' est un champ de chaque élément du groupe '{2}' : utilisez-le avec sum({2}, '{1}')"},
    {"'{1}' is a table: use lookup('{1}', value)", "'{1}' est une table : utilisez lookup('{1}', valeur)"},
    {"unknown field '{1}': to compare with the option {1} of '{2}', write it in quotes: '{1}'",
     "champ inconnu '{1}' : pour comparer avec l’option {1} de '{2}', écrivez-la entre apostrophes : '{1}'"},
    {"'{1}' is a function: write it with parentheses, as in {1}(…)", "'{1}' est une fonction : écrivez-la avec des parenthèses, comme {1}(…)"},
    {"unknown field '{1}': no field of this form has this id{2}", "champ inconnu '{1}' : aucun champ de ce formulaire n’a cet identifiant{2}"},
    {"{1} is not an option of the field '{2}' (its options are: {3}){4}",
     "{1} n’est pas une option du champ '{2}' (ses options sont : {3}){4}"},
    // lexer.cpp
    {"a non-breaking space is not allowed here: type a normal space",
     "une espace insécable n’est pas permise ici : tapez une espace normale"},
    {"a narrow non-breaking space is not allowed here: type a normal space",
     "une espace fine insécable n’est pas permise ici : tapez une espace normale"},
    {"typographic quote '\u2018': write texts between straight quotes: 'like this'",
     "guillemet typographique '\u2018' : écrivez les textes entre apostrophes droites : 'comme ceci'"},
    {"typographic quote '\u2019': write texts between straight quotes: 'like this'",
     "guillemet typographique '\u2019' : écrivez les textes entre apostrophes droites : 'comme ceci'"},
    {"typographic quote '\u201C': write texts between straight single quotes: 'like this'",
     "guillemet typographique '\u201C' : écrivez les textes entre apostrophes droites : 'comme ceci'"},
    {"typographic quote '\u201D': write texts between straight single quotes: 'like this'",
     "guillemet typographique '\u201D' : écrivez les textes entre apostrophes droites : 'comme ceci'"},
    {"'\u00AB' is not allowed: write texts between straight single quotes: 'like this'",
     "'\u00AB' n’est pas permis : écrivez les textes entre apostrophes droites : 'comme ceci'"},
    {"'\u00BB' is not allowed: write texts between straight single quotes: 'like this'",
     "'\u00BB' n’est pas permis : écrivez les textes entre apostrophes droites : 'comme ceci'"},
    {"'\u2212' is not an operator: write '-' for a subtraction", "'\u2212' n’est pas un opérateur : écrivez '-' pour une soustraction"},
    {"'\u2013' is not an operator: write '-' for a subtraction", "'\u2013' n’est pas un opérateur : écrivez '-' pour une soustraction"},
    {"'\u00D7' is not an operator: write '*' for a multiplication", "'\u00D7' n’est pas un opérateur : écrivez '*' pour une multiplication"},
    {"'\u00F7' is not an operator: write '/' for a division", "'\u00F7' n’est pas un opérateur : écrivez '/' pour une division"},
    {"'\u2264' is not an operator: write '<='", "'\u2264' n’est pas un opérateur : écrivez '<='"},
    {"'\u2265' is not an operator: write '>='", "'\u2265' n’est pas un opérateur : écrivez '>='"},
    {"'\u2260' is not an operator: write '!='", "'\u2260' n’est pas un opérateur : écrivez '!='"},
    {"a number needs digits after '.', as in 1.50", "un nombre a besoin de chiffres après le '.', comme dans 1.50"},
    {"a number has at most one '.'", "un nombre a au plus un '.'"},
    {"a number cannot be followed directly by a letter: put a space or an operator between them",
     "un nombre ne peut pas être suivi directement d’une lettre : mettez une espace ou un opérateur entre les deux"},
    {"the number {1} has more than 4 decimal places", "le nombre {1} a plus de 4 décimales"},
    {"the number {1} is too large: numbers go up to 999999999999.9999",
     "le nombre {1} est trop grand : les nombres vont jusqu’à 999999999999.9999"},
    {"this text is not closed: add ' at its end (a text is written on one line)",
     "ce texte n’est pas fermé : ajoutez ' à sa fin (un texte s’écrit sur une seule ligne)"},
    {"unknown escape in a text: only \\' (a quote) and \\\\ (a backslash) are allowed",
     "échappement inconnu dans un texte : seuls \\' (une apostrophe) et \\\\ (une barre oblique inverse) sont permis"},
    {"write '{1}' in lowercase", "écrivez '{1}' en minuscules"},
    {"{1} has capital letters: field ids and function names are written in lowercase letters, digits and '_' "
     "(for example quotient_familial)",
     "{1} a des majuscules : les identifiants de champs et les noms de fonctions s’écrivent en minuscules, chiffres "
     "et '_' (par exemple quotient_familial)"},
    {"{1} must start with a letter", "{1} doit commencer par une lettre"},
    {"a field id has at most 64 characters", "un identifiant de champ a au plus 64 caractères"},
    {"'<>' is not an operator: write '!=' for 'is different from'", "'<>' n’est pas un opérateur : écrivez '!=' pour « est différent de »"},
    {"'===' is not an operator: write '==' to compare two values", "'===' n’est pas un opérateur : écrivez '==' pour comparer deux valeurs"},
    {"'={1}' is not an operator: write '{1}='", "'={1}' n’est pas un opérateur : écrivez '{1}='"},
    {"a single '=' is not an operator: write '==' to compare two values",
     "un seul '=' n’est pas un opérateur : écrivez '==' pour comparer deux valeurs"},
    {"'!' is not an operator: write 'not' (or '!=' for 'is different from')",
     "'!' n’est pas un opérateur : écrivez 'not' (ou '!=' pour « est différent de »)"},
    {"'&' is not an operator: write 'and'", "'&' n’est pas un opérateur : écrivez 'and'"},
    {"'|' is not an operator: write 'or'", "'|' n’est pas un opérateur : écrivez 'or'"},
    {"texts are written between single quotes: 'like this', not \"like this\"",
     "les textes s’écrivent entre apostrophes droites : 'comme ceci', pas \"comme ceci\""},
    {"write a digit before '.', as in 0.5", "écrivez un chiffre avant le '.', comme dans 0.5"},
    {"unexpected ';': an expression is a single formula, without ';'",
     "';' inattendu : une expression est une seule formule, sans ';'"},
    {"unexpected control character {1}", "caractère de contrôle inattendu {1}"},
    {"unexpected character '{1}'", "caractère inattendu '{1}'"},
    {"unexpected byte {1}: the text is not valid UTF-8", "octet inattendu {1} : le texte n’est pas de l’UTF-8 valide"},
    {"unexpected character '{1}': field ids and function names use only the letters a-z without accents, digits and '_'",
     "caractère inattendu '{1}' : les identifiants de champs et les noms de fonctions n’utilisent que les lettres a-z "
     "sans accents, les chiffres et '_'"},
};

}  // namespace

FrenchTable expression_catalogue() { return kFrench; }

}  // namespace guichet::packsrc
