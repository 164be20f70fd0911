"""`cx init`: the starter company glossary, commented in the reader's language.

Kept as text (not built from data) because the comments are the point: a team lead
learns the format by reading this file. tests/test_overlays.py checks that
`cx validate` accepts both versions with no warning.
"""

from __future__ import annotations

STARTER = {
    "fr": """\
# Glossaire d'entreprise pour cx (« overlay »), créé par `cx init`.
#
# Il s'ajoute au glossaire intégré : une entrée dont l'id existe déjà remplace
# celle du glossaire intégré. Utilisez-le avec :
#   cx validate {name}                   vérifie le fichier (une ligne par problème)
#   cx define TLC --glossary {name}      ou, pour toutes les commandes :
#   export CX_GLOSSARY={name}
# Avec plusieurs fichiers, le dernier donné l'emporte.

schema: 1

# Vos catégories, en plus de celles de `cx categories`. id : minuscules,
# chiffres et tirets ; label : le nom affiché, en français et/ou en anglais.
categories:
  - id: produits
    label: {{fr: Nos produits, en: Our products}}

# Entrées du glossaire intégré (ou d'un fichier chargé avant celui-ci) à ne plus
# montrer nulle part : define, search, list, exports, quiz, scan. Ici, le sens
# informatique de RPC, pour que RPC ne désigne plus que ses sens de relation
# client. Supprimez la ligne pour le garder.
remove: [rpc-remote-procedure-call]

# Les documents que vos entrées citent (`cx sources` les liste avec ceux du
# glossaire intégré). title est obligatoire ; publisher, author, date, url et
# note sont facultatifs.
sources:
  wiki-equipe:
    title: Wiki de l'équipe
    publisher: Service client

entries:
  - id: tlc                          # identifiant unique : minuscules, chiffres, tirets
    acronyms: [TLC]                  # facultatif : les sigles qui désignent ce concept
    term: {{fr: Tableau de suivi client, en: Customer tracking board}}
    aliases: [tableau TLC]           # facultatif : autres noms trouvés par cx define
    category: software               # une catégorie de `cx categories` ou déclarée plus haut
    definition:                      # une à trois phrases, en français et/ou en anglais
      fr: Le tableau partagé où l'équipe suit chaque dossier client ouvert jusqu'à sa clôture.
      en: The shared board where the team follows every open customer case until it is closed.
    # Champs facultatifs, chacun en français et/ou en anglais :
    #   context: {{fr: …, en: …}}    où ce sens s'applique (nécessaire si le sigle a plusieurs sens)
    #   caution: {{fr: …, en: …}}    pièges, confusions fréquentes
    #   formula: {{fr: …, en: …}}    pour un indicateur : comment il se calcule
    #   metric: aht                  pour un indicateur : le calcul `cx metric` associé
    #   outside_customer_service: true   sens hors relation client (jamais proposé au quiz)
    see_also: [crm]                  # facultatif : ids d'entrées liées (ici ou intégrées)
    sources: [wiki-equipe]           # facultatif : ids de `sources:` (ici ou intégrées)

  # Une entrée peut n'être écrite qu'en une langue : les lecteurs de l'autre
  # langue voient ce texte, marqué « (en français) ». `cx validate` le signale
  # comme une simple note.
  - id: offre-serenite
    term: {{fr: Offre Sérénité}}
    category: produits
    definition:
      fr: Notre abonnement qui inclut l'assistance prioritaire par téléphone et par chat.
""",
    "en": """\
# Company glossary for cx (an "overlay"), created by `cx init`.
#
# It adds to the built-in glossary: an entry whose id already exists replaces
# the built-in one. Use it with:
#   cx validate {name}                   checks the file (one line per problem)
#   cx define TLC --glossary {name}      or, for every command:
#   export CX_GLOSSARY={name}
# With several files, the last one given wins.

schema: 1

# Your own categories, beside those of `cx categories`. id: lowercase letters,
# digits and hyphens; label: the name shown, in French and/or English.
categories:
  - id: products
    label: {{fr: Nos produits, en: Our products}}

# Entries of the built-in glossary (or of a file loaded before this one) to show
# nowhere any more: define, search, list, exports, quiz, scan. Here the computing
# sense of RPC, so that RPC keeps only its customer-service senses. Delete the line
# to keep it.
remove: [rpc-remote-procedure-call]

# The documents your entries cite (`cx sources` lists them with the built-in
# ones). title is required; publisher, author, date, url and note are optional.
sources:
  team-wiki:
    title: Team wiki
    publisher: Customer service

entries:
  - id: tlc                          # unique id: lowercase letters, digits, hyphens
    acronyms: [TLC]                  # optional: the acronyms that name this concept
    term: {{fr: Tableau de suivi client, en: Customer tracking board}}
    aliases: [TLC board]             # optional: other names cx define finds
    category: software               # a category from `cx categories` or declared above
    definition:                      # one to three sentences, in French and/or English
      fr: Le tableau partagé où l'équipe suit chaque dossier client ouvert jusqu'à sa clôture.
      en: The shared board where the team follows every open customer case until it is closed.
    # Optional fields, each in French and/or English:
    #   context: {{fr: …, en: …}}    where this sense applies (needed when an acronym has several)
    #   caution: {{fr: …, en: …}}    pitfalls, frequent confusions
    #   formula: {{fr: …, en: …}}    for an indicator: how it is computed
    #   metric: aht                  for an indicator: the `cx metric` calculator behind it
    #   outside_customer_service: true   a sense outside customer service (never quizzed)
    see_also: [crm]                  # optional: ids of related entries (here or built-in)
    sources: [team-wiki]             # optional: ids from `sources:` (here or built-in)

  # An entry may be written in one language only: readers of the other language
  # get this text, marked "(in English)". `cx validate` reports it as a note.
  - id: peace-of-mind-plan
    term: {{en: Peace of Mind plan}}
    category: products
    definition:
      en: Our subscription that includes priority support by phone and chat.
""",
}


def starter(lang: str, name: str) -> str:
    """The starter file in `lang`, its comments naming the file as `name`."""
    return STARTER[lang].format(name=name)
