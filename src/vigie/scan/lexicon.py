"""The signal table: one row per pattern, matched on normalised text (see ``normalize``).

Kept as data so a reviewer reads every cue, its weight and its French explanation in one place.
Positive weights point towards an illegal injector, negative ones are exculpatory. Patterns are
written for the normalised form: lowercase, no accents, emoji already turned into words
(``💉`` → ``injection``), abbreviations expanded (``mp`` → ``message prive``).
"""

from __future__ import annotations

from typing import NamedTuple


class SignalSpec(NamedTuple):
    signal: str
    weight: float
    pattern: str
    explanation: str


_CITIES = (
    "paris|lyon|marseille|lille|bordeaux|toulouse|nice|nantes|strasbourg|montpellier|rennes|"
    "grenoble|rouen|toulon|dijon|reims|metz|nancy|tours|angers|le mans|caen|brest|limoges|"
    "clermont|perpignan|avignon|mulhouse|orleans|amiens|besancon|poitiers|pau|bayonne|ajaccio|"
    "bruxelles|geneve|lausanne|marne la vallee|creteil|argenteuil|saint denis|evry|cergy|"
    "versailles|aix|cannes|annecy|valence|nimes|la rochelle|rennes|le havre"
)
_MONTHS = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"

SIGNALS: tuple[SignalSpec, ...] = (
    # --- injectable acts and products -----------------------------------------------------
    SignalSpec(
        "injectable_act",
        1.0,
        r"\binject\w*|\binjection\w*|\bacide hyaluronique\b|\bhyaluroni\w*|\bhyal(?:u|uro|o)\b"
        r"|\bfillers?\b|\bbotox\w*|\bbotul\w*|\btoxine\b|\bbtx\b|\bskin ?boosters?\b|\bmeso(?:therapie|lift)\b"
        r"|\bcomblement\w*|\bseringues?\b|\bmeso\b|\blip ?(?:filler|flip|injection)s?\b|\bpolynucleotides?\b"
        r"|\bpdrn\b|\bexosomes?\b|\bfils tenseurs?\b|\bpiqu(?:re|res|er|e)\b|\bpiquouze\b|\btox\b"
        r"|\bprp\b|\bplasma riche\b|\bmicro-?injections?\b|\blipoly\w*|\bhyaluronidase\b|\bcanule\b"
        r"|\breinject\w*|\bvampire (?:facial|lift)\b|\bfils (?:pdo|resorbables?|crantes?)\b|\bpdo threads?\b",
        "Acte ou produit injectable (acide hyaluronique, toxine botulique, mésothérapie…) : "
        "réservé aux médecins (CSP L.4161-1).",
    ),
    SignalSpec(
        "injectable_act",
        0.7,
        r"\b\d+(?:[.,]\d+)? ?ml\b|\b\d+ ?(?:unites|ui|u)\b(?! de)",
        "Dose en millilitres ou en unités : vocabulaire de l'injection.",
    ),
    SignalSpec(
        "injectable_euphemism",
        0.9,
        r"\blevres? (?:russes?|pulpeuses?|repulpees?|gonflees?|volumineuses?|de reve|parfaites?|glossy)"
        r"|\brussian lips\b|\bbouche (?:pulpeuse|de reve|repulpee|parfaite)|\brepulp\w*|\bvolume (?:aux|des|sur les|a tes|a vos) levres"
        r"|\bgonfl\w* (?:les|tes|vos|ta|ma) (?:levres|bouche)|\bsans (?:chirurgie|bistouri|aiguille)\b"
        r"|\brhino(?:plastie)? (?:medicale|sans chirurgie)|\bnez sans chirurgie\b|\blifting (?:liquide|medical|sans chirurgie)"
        r"|\bbaby ?botox\b|\bjaw ?line\b|\bovale du visage\b|\bligne de la machoire\b|\bpommettes? (?:hautes|saillantes|sculptees)"
        r"|\bcernes? (?:creuses?|effacees?)|\bsillons? (?:nasogeniens?|effaces?)|\bride du lion\b|\bpattes? d'oie\b"
        r"|\blips? (?:job|done|goals)\b|\bfull lips\b|\bplump\w*|\bbig lips\b|\bproduit (?:de qualite|haut de gamme|premium|original|certifie)",
        "Euphémisme courant pour une injection esthétique (lèvres, rides, « sans chirurgie »).",
    ),
    SignalSpec(
        "injectable_euphemism",
        0.4,
        r"\blevres?\b|\blips?\b|\brides?\b|\bcernes?\b|\bmenton\b|\bpommettes?\b|\bmachoire\b|\bsillons?\b"
        r"|\bnez\b|\bremodel\w*|\bbouche\b|\bzones? du visage\b|\btoutes les zones\b|\bgummy\b|\bovale\b"
        r"|\bredessin\w*|\bfull face\b|\bcoup de jeune\b|\bjawline\b|\btear troughs?\b|\bfrown lines?\b|\bcrow'?s feet\b|\bforehead lines?\b|\blip flips?\b|\bfront\b|\bregard\b",
        "Zone du visage souvent visée par les injections.",
    ),
    SignalSpec(
        "injectable_act",
        0.5,
        r"\ble ml\b|\bmls\b|\bde produit\b",
        "Quantité de produit (« le ml », « de produit ») : vocabulaire de l'injection.",
    ),
    SignalSpec(
        "injectable_euphemism",
        0.3,
        r"\bretouches?\b|\btop[- ]?ups?\b",
        "« Retouche » : séance de complément, mot courant des offres d'injection.",
    ),
    SignalSpec(
        "banned_product",
        2.0,
        r"\bfillers? coreens?\b|\bproduits? coreens?\b|\bkorean (?:fillers?|products?)\b|\bcoreen\w*"
        r"|\bachete\w* (?:en ligne|sur internet|sur (?:aliexpress|wish|amazon|vinted))|\baliexpress\b"
        r"|\bsans marque\b|\bunbranded\b|\bneedle ?free\b|\bstylo (?:a |d')?(?:acide )?hyaluroni\w*"
        r"|\bhyaluron ?pen\b|\bstylos? sans aiguille\b|\b(?:hydra|lips?|hyalu\w*) ?pens?\b|\blemon ?bottle\b|\bdissolvant de graisse\b|\bfat dissolv\w*|\blipolyse injectable\b|\baqualyx\b|\blipo ?lab\b|\bkybella\b",
        "Produit interdit ou acheté hors circuit autorisé (Hyaluron Pen interdit par l'ANSM, "
        "fillers importés en ligne).",
    ),
    # --- selling ---------------------------------------------------------------------------
    SignalSpec(
        "price",
        0.8,
        r"\d+ ?(?:€|e\b|eur\b|euros?\b|balles\b)|€ ?\d+|\b(?<!les )(?<!des )prix\b(?! des\b)|\btarifs?\b|\bforfaits?\b|\bcombien\b|\$\d+|\b\d+ ?\$|£ ?\d+|\b\d+ ?£",
        "Prix affiché : un médecin ne fait pas de publicité commerciale (décret 2020-1662).",
    ),
    SignalSpec(
        "promotion",
        0.9,
        r"\bpromos?\b|\bpromotions?\b|\b\d{1,2} ?% (?:de reduction|off|offert)|\boffre(?<!m'offre)(?<!s'offre)s?\b|\bpacks?\b|\bflash\b"
        r"|\bremises?\b|\breduc\w*|\bsoldes?\b|\bblack friday\b|\bcode promo\b|\bparrain\w*|\bau lieu de\b"
        r"|\bofferte?s?\b|\bgratuite?s?\b|\bbon plan\b|\bdeal\b|\bdiscount\w*|\bsale\b|\bspecial (?:offer|price)\b"
        r"|\bformule\b|\bla 2(?:e|eme|nde) (?:zone|seringue|seance)|\bcarte (?:de )?fidelite\b|\bjeu concours\b",
        "Promotion, pack ou offre flash : ton commercial interdit pour un acte médical.",
    ),
    # Kept apart: one alternative not starting with \b makes Python's regex engine ~10x slower.
    SignalSpec(
        "price",
        0.8,
        r"\b(?:levres?|lips|front|rides? du lion|pattes? d'oie|cernes?|machoire|menton|pommettes?|nez|botox|les deux|\d(?:[.,]5)? ?ml)"
        r" ?(?::|=|a)? ?\d{2,3}\b(?! ans\b| ?ml\b| ?u\b| ?unites\b| ?%| ?h\b| ?min| ?(?:€|e\b|eur|euros?\b|balles\b|\$))",
        "Prix affiché : un médecin ne fait pas de publicité commerciale (décret 2020-1662).",
    ),
    SignalSpec(
        "promotion",
        0.9,
        r"\bprix (?:mini|casses?|bas|doux|imbattables?|d'ami)\b|\bles moins cheres?\b|\bpetits? (?:prix|budgets?)\b"
        r"|\blow ?cost\b|\ba gagner\b|\bgagne[rz]? (?:ta|ton|une|un|1|\d+ ?ml)\b|\bqui veut gagner\b|\bfais gagner\b"
        r"|\btirage (?:au sort|dimanche|lundi|mardi|mercredi|jeudi|vendredi|samedi|le)\b|\bgiveaway\b|\bpour participer\b"
        r"|\bjeux? concours\b|\bconcours\b|\bpartage \+ tague\b|\bconsultations? (?:gratuites?|offertes?)\b",
        "Promotion, pack ou offre flash : ton commercial interdit pour un acte médical.",
    ),
    SignalSpec(
        "promotion",
        0.9,
        r"-\s?\d{1,2} ?%",
        "Promotion, pack ou offre flash : ton commercial interdit pour un acte médical.",
    ),
    SignalSpec(
        "urgency",
        0.4,
        r"\bplaces? limitees?\b|\bdernieres? places?\b|\bderniers? creneaux\b|\bvite\b|\bce (?:week[- ]?end|samedi|dimanche)\b"
        r"|\bdisponibles?\b|\bdisponibilites?\b|\bcreneaux?\b|\bil (?:me )?reste\b|\blimited\b|\bbook now\b|\bqui est chaud"
        r"|\bpremi(?:eres?|ers) arrivee?s?\b|\bquelques (?:places|creneaux|dispos?|disponibilites)\b|\bplaces? (?:dispo\w*|pour les)\b|\bjusqu'a (?:dimanche|samedi|vendredi|ce soir|demain)",
        "Urgence ou disponibilités mises en avant, comme une vente.",
    ),
    SignalSpec(
        "off_platform_booking",
        1.0,
        r"\bmessage prive\b|\ben prive\b|\bsnapchat\b|\bwhatsapp\b|\btelegram\b|\blien (?:\w+ ){0,3}(?:en|dans la|dans ma) bio\b"
        r"|\bpar messages?\b|\bmessenger\b"
        r"|\blink in (?:my )?bio\b|\becri[st]?[- ]moi\b|\becrivez[- ]moi\b|\bcontacte[sz]?[- ]moi\b|\bdirect message\b|\btext me\b"
        r"|\b0[67](?:[ .]?\d{2}){4}\b|\bsms\b|\bmessage (?:moi|me)\b|\benvoy?e(?:z)?[- ]?(?:moi )?(?:un )?(?:message|dm|mp)\b|\bsignal\b(?! d'ala| d'ale)",
        "Prise de rendez-vous hors plateforme (message privé, Snapchat, WhatsApp, Telegram, lien en bio).",
    ),
    SignalSpec(
        "non_medical_venue",
        1.0,
        r"\ba domicile\b|\bdomicile\b|\bje me deplace\w*|\bdeplacements?\b|\bappart\w*|\bhotels?\b|\bairbnb\b"
        r"|\b(?<!ni )chez (?:moi|toi|vous)\b|\bhome ?visits?\b|\bat (?:my|your) (?:home|place)\b|\bmy place\b|\blocal prive\b"
        r"|\bdans mon (?:salon|studio|espace)\b|\bbeauty room\b|\b(?<!tout de )(?<!par la )suite\b(?! a\b| aux?\b| de\b)|\bchambre\b",
        "Lieu non médical (appartement, domicile, hôtel, Airbnb) : aucune asepsie ni prise en charge des complications.",
    ),
    SignalSpec(
        "city_tour",
        0.9,
        rf"\bde passage (?:a |sur |en |dans )?|\ben tournee\b|\btournee\b|\bje serai (?:a|sur|en|dans)\b"
        rf"|\bsur (?:{_CITIES})\b(?= (?:le|les|du|ce|cette|demain|samedi|dimanche|lundi|mardi|mercredi|jeudi|vendredi))"
        rf"|\b(?:le|du|les) \d{{1,2}}(?:er)?(?: (?:et|au) \d{{1,2}})? (?:{_MONTHS})\b|\bi'?ll be in\b|\bin town\b|\b(?:le|du) \d{{1,2}}/\d{{1,2}}\b",
        "Tournée de villes à dates fixes : pratique typique des injectrices itinérantes.",
    ),
    SignalSpec(
        "payment",
        1.0,
        r"\bcash\b|\bespeces?\b|\bacomptes?\b|\bpaypal\b|\blydia\b|\bpaylib\b|\bvirements?\b|\bwero\b|\bsumup\b"
        r"|\brevolut\b|\bdeposit\b|\barrhes\b|\bpaiement (?:en \d+ fois|accepte|cash|par)|\bpcs\b|\bneosurf\b|\btransfer\w*",
        "Paiement en espèces, acompte, Lydia ou PayPal : hors de tout cadre médical.",
    ),
    # --- who is speaking -------------------------------------------------------------------
    SignalSpec(
        "self_title",
        1.2,
        r"\binjectri\w+|\binjecteuse\w*|\binjecteurs?\b|\bnurse injectors?\b|\binjectors?\b|\blips? artists?\b"
        r"|\bspecialiste (?:des |en |du )?(?:levres|injections?|lips|botox|acide)\b|\bmaster injector\b|\blip queen\b"
        r"|\bformee? par (?:un|une|des) (?:medecins?|docteurs?|dermato\w*)\b|\bexperte? (?:en |des |du )?(?:levres|injections?|lips|botox|regard|visage)\b|\bformee? (?:en|a l'|aux) injections?\b|\baesthetic practitioner\b",
        "Titre auto-attribué (« injectrice », « lips artist ») qui n'existe pas : seul un médecin peut injecter.",
    ),
    SignalSpec(
        "self_title",
        0.8,
        r"\bpraticiennes?\b|\btechnicien\w*|\bcertifiee?s?\b|\bcertified\b|\bdiplomee?s?\b|\bformee?s?\b"
        r"|\besthetician\w*|\bestheticiennes?\b|\binfirmieres?\b|\bnurses?\b|\bbeauty expert\b|\bprothesiste\b",
        "Qualité revendiquée sans identité vérifiable (« praticienne certifiée », « infirmière ») : "
        "aucun de ces titres n'autorise l'injection.",
    ),
    SignalSpec(
        "training_sale",
        1.2,
        r"\bformations?\b|\bcertificats?\b|\bcertifications?\b|\battestations?\b|\bdevien[st]\b|\bdevenez\b"
        r"|\bbecome (?:an? )?(?:injector|lip artist)|\bmasterclass\b|\bkits?\b|\bapprend\w*|\btrainings?\b|\bcourses?\b"
        r"|\bmodeles? (?:recherchee?s?|wanted)\b|\bcherche (?:des |une |un )?modeles?\b|\bmodels? (?:needed|wanted)\b",
        "Vente de formations ou de certificats d'injection, ou recherche de « modèles » pour s'entraîner.",
    ),
    SignalSpec(
        "before_after_same_day",
        0.6,
        r"\bavant[ /|&-]*(?:et )?apres\b|\bbefore[ /|&-]*(?:and )?after\b|\bresultats? immediats?\b|\bjuste apres\b"
        r"|\ble jour meme\b|\bimmediatement apres\b|\bresultat direct\b|\bsame day\b|\bjuste fait\b|\bfresh(?:ly)? done\b"
        r"|\bdirectement apres\b|\bswipe\b",
        "Avant/après pris le jour même : pratique promotionnelle, sans suivi médical.",
    ),
    SignalSpec(
        "physician_claim",
        0.3,
        r"\b(?:dr|dre|docteure?|doctor)\b\.?",
        "Titre de docteur revendiqué : à vérifier dans le registre public (usurpation : CSP L.4162-1).",
    ),
    # --- what the speaker does: offering, booking, venue (positive) ---------------------------
    SignalSpec(
        "offer_first_person",
        0.8,
        r"\bje (?:vous |te )?(?:propose|fais|realise|pratique|recois|prends|injecte|comble|dissous|relance|reprends|rouvre)\b"
        r"|\bj'(?:accepte|applique|injecte|ouvre|utilise)\b|\bnow (?:doing|offering)\b|\bnow taking (?:bookings|clients|appointments)\b|\bon (?:fait|propose|remplit|comble|injecte)\b|\bnous (?:proposons|faisons|realisons)\b"
        r"|\b(?:notre|mon|le) (?:institut|salon|studio|spa|espace|cabinet de beaute) (?:vous )?(?:propose|lance|s'agrandit|ouvre)"
        r"|\bproposer? (?:desormais|maintenant)\b|\bnouvelles? prestations?\b|\bdesormais (?:les|des|la|le)\b|\bnouveau au (?:salon|studio|spa|institut)\b"
        r"|\bnos (?:estheticiennes|praticiennes|techniciennes|injectrices|expertes) (?:\w+ )?(?:realisent|pratiquent|proposent|vous accueillent|vous recoivent)\b"
        r"|\bi (?:offer|do|travel|come to you)\b|\bwe (?:now )?offer\b|\bnow offers?\b|\bmobile (?:service|aesthetics)\b",
        "L'auteur propose lui-même l'acte (« je fais », « nous proposons », « notre institut propose »).",
    ),
    SignalSpec(
        "offer_first_person",
        0.8,
        r"(?<!qu')\bon (?:vous|te) (?:propose|fait|accueille|recoit|injecte)\b|\bpar nos soins\b"
        r"|\b(?:encore une|une nouvelle|pour ma|merci a ma) clientes?\b|\bclientes? (?:satisfaite|ravie|heureuse|conquise)s?\b"
        r"|\bavis clientes?\b|\bhappy clients?\b",
        "L'auteur propose lui-même l'acte (« je fais », « nous proposons », « notre institut propose »).",
    ),
    SignalSpec(
        "booking_call",
        0.9,
        r"\b(?:reserve[sz]?|reservation|resa|book(?:ing)?|prends?|prenez) (?:ta |ton |votre |vos |en |par |via |sur |au |a l'|ici|vite|now|via|at)"
        r"|\b(?:dm|message prive|mp|snap|whatsapp) (?:pour|to) (?:reserver|book|les dispos|la date|le prix)\b|\blien de (?:resa|reservation)\b"
        r"|\bpour reserver\b|\bcalendly\b|\bplanity\b|\bagenda (?:ouvert|en|est ouvert)\b|\bdispos? (?:en|par) \w+|\bviens en (?:dm|message prive|mp|snap)\b"
        r"|\bje t'envoie (?:mes|l'adresse|les)\b|\bpremier (?:message|arrive|arrivee),? ?=? ?premier servi\b|\bpremiere? qui m'ecri\w*|\bfirst to (?:dm|message)\b"
        r"|\bmessage (?:me|to book)\b|\bdm (?:me|to book)\b|\btext me\b"
        r"|\bresa en story\b|\bclique (?:sur le lien|ici)\b|\ben un clic\b|\bbooksy\b|\bfresha\b|\btreatwell\b|\bsans (?:rdv|rendez-vous)\b|\bwalk-?ins?\b",
        "Appel à réserver (« réserve ta place », « dm pour réserver », lien de réservation).",
    ),
    SignalSpec(
        "booking_call",
        0.9,
        r"\brdv (?:en|par) (?:tel|telephone|boutique)\b|\bpar tel\b",
        "Appel à réserver (« réserve ta place », « dm pour réserver », lien de réservation).",
    ),
    SignalSpec(
        "beauty_venue",
        0.9,
        r"\binstituts?\b|\bsalons? de (?:beaute|coiffure)\b|\bau salon\b|\bnotre salon\b|\ble salon\b|\bstudios?\b|\bspa\b"
        r"|\bnail bar\b|\bbeauty (?:bar|room)\b|\bespace beaute\b|\bcabine\b|\bcocon\b|\bmon (?:espace|local)\b|\bbar a ongles\b"
        r"|\bcoiffeu(?:r|se)s?\b|\bcoiffure\b|\bbarber\w*|\bbeauty lounge\b|\bonglerie\b|\blounge\b|\bcentres? de beaute\b|\bespace bien-etre\b|\bcentre de bien-etre\b|\bour salon\b|\bsalon\'s\b|\bstylists?\b|\bhairdressers?\b|\bbeauty salon\b|\bnail salon\b|\bmedi-?spas?\b|\bmed ?spas?\b",
        "Lieu de beauté (institut, salon, studio, spa) : un acte injectable n'y a pas sa place.",
    ),
    SignalSpec(
        "beauty_venue",
        0.9,
        r"\ben boutique\b",
        "Lieu de beauté (institut, salon, studio, spa) : un acte injectable n'y a pas sa place.",
    ),
    SignalSpec(
        "restock_resume",
        0.9,
        r"\b(?:produits?|stock|commande|arrivage|toxine|boites?|colis|flacons?)\b.{0,20}\b(?:arrive\w*|recu\w*|en stock|(?:est|sont) (?:enfin )?la)\b"
        r"|\btout est (?:arrive|la)\b|\b(?:rdv|rendez-vous|reservations|seances|injections|dates) (?:\w+ ){0,3}reprennent\b|\brestock\w*|\bstock is in\b|\bles (?:rdv|rendez-vous|reservations) (?:reprennent|sont ouverts|du mois sont ouvert\w*)"
        r"|\bje reprends les\b|\breprise des (?:rdv|rendez-vous|injections|soins|seances)\b|\bde retour de conge\w*|\bappointments? reopen\w*|\breassort\w*|\bre-?ouvr\w* (?:mon |l'|mes )(?:agenda|planning|creneaux)\b"
        r"|\b(?:rdv|rendez-vous|reservations|agenda) (?:\w+ ){0,4}(?:de nouveau|a nouveau|re-?)ouverts?\b|\bje recommence\w*"
        r"|\b(?:on|je) (?:reprend|reprends|rouvre) (?:les |mon |le |mes )?(?:rdv|rendez-vous|planning|agenda|reservations|seances|soins|injections|levres)\b"
        r"|\brupture de stock\b|\blivraison (?:de la |des |du )?(?:nouvelle |prochaine )?(?:commande|stock|produits?|fillers?|toxine|colis)\b|\barrivage\b|\b(?:rdv|rendez-vous|reservations|creneaux|inscriptions) (?:\w+ ){0,3}(?:sont|est) (?:re)?ouverte?s?\b|\best de retour\b|\bsont de retour\b|\blivraison recue\b|\bback in stock\b|\bappointments? (?:open|resume)\w*",
        "Produits arrivés, rendez-vous qui reprennent : annonce d'une activité d'injection.",
    ),
    SignalSpec(
        "last_minute",
        0.8,
        r"\blast minute\b|\bderniere minute\b|\bannulation\b|\bcancellation\b|\bse liberer?\b|\bdesistement\b|\bs'est liberee?\b|\bplace qui s'est\b|\b(?:creneaux?|places?) liberee?s?\b|\blast minute slots?\b"
        r"|\bviens? avec (?:ta|ton|une|un) (?:copine|amie|meilleure|pote)\b|\bduo\b|\bbring a friend\b|\bentre (?:filles|copines)\b",
        "Créneau de dernière minute ou offre « viens avec une amie » : ton de vente.",
    ),
    SignalSpec(
        "minor_or_numbing",
        1.0,
        r"\bcremes? anesthesiante\w*|\bnumbing cream\b|\bemla\b|\b(?:a partir de|des|from) 1[4-7] ans\b|\blyceennes?\b|\bcarte (?:etu|etudiante?)\b"
        r"|\bautorisation (?:d'un parent|parentale|de ta|signee)\b|\baccord (?:des|de tes|d'un) parents?\b"
        r"|\bcremes? qui (?:endort|anesthesie)\b|\bl'anesthesiant\b|\bnumbing\b|\bmoins de 18 ans\b|\bunder 18\b|\bmineure?s?\b|\baccompagnee? (?:d'un|par un|de ta|de ton) (?:adulte|parent|mere|pere|maman|papa)\b|\b(?:ta|ton) (?:mere|maman|pere|papa)\b[^.!?]{0,30}\bsigne\b|\bta (?:maman|mere) signe\b|\btarif etudiant\b|\bspecial etudiantes?\b",
        "Crème anesthésiante, mineures ou étudiantes ciblées : détails d'une pratique hors cadre.",
    ),
    SignalSpec(
        "minor_or_numbing",
        1.0,
        r"\b(?:a|t'as|tu as|si t'as) 1[4-7] ans\b|\bpour 1[4-7] ans\b|\b(?:ses|tes) 1[4-7] ans\b|\bpetite de 1[4-7] ans\b",
        "Crème anesthésiante, mineures ou étudiantes ciblées : détails d'une pratique hors cadre.",
    ),
    SignalSpec(
        "no_consultation",
        1.0,
        r"\b(?:pas besoin|aucun besoin|no need) (?:de |d'|of |for )?(?:une )?(?:consultation|ordonnance|medecin|prescription|doctor)\w*"
        r"|\b(?:sans|aucune?|no|without) (?:consultation|ordonnance|prescription)s? ?(?:prealable|necessaire|needed|requise?)?\b"
        r"|\bno (?:consultation|doctor|prescriber) needed\b|\bsans passer par un medecin\b"
        r"|\bpas de consultations? (?:interminable|a rallonge|obligatoire|prealable|avant)s?\b|\bpas d'ordonnance\b|\bil n'y a pas de consultation\b"
        r"|\b(?:l'ordonnance|ordonnance|la consultation)\b[^.!?]{0,15}\bpas besoin\b"
        r"|\b(?:je n'ai |j'ai |on n'a |t'as |tu n'as |vous n'avez )?(?:pas|aucun) besoin d'etre (?:un |une )?(?:medecin|docteure?|chirurgien\w*)\b"
        r"|\bno need to be (?:a )?(?:doctor|physician)\b|\byou don'?t need to be (?:a )?(?:doctor|physician)\b",
        "« Pas besoin de consultation » : l'auteur écarte le cadre médical, c'est un argument de vente.",
    ),
    SignalSpec(
        "product_sale",
        0.8,
        r"\bflacons?\b|\blivraisons? (?:en |sous )?\d+ ?h\b|\benvoi (?:discret|suivi|rapide)\b|\bshipping\b|\bprix pro\b"
        r"|\blot de \d+\b|\brevendeu(?:r|rs|se|ses)\b|\blivraisons? (?:dans )?toute la france\b|\bpar \d+ boites\b|\bvente (?:flash )?de (?:seringues|flacons|produits|toxine|fillers)\b|\bpour les pros?\b",
        "Vente de produits injectables (flacons, seringues, envoi) : ce marché n'est ouvert qu'aux pharmacies.",
    ),
    # --- what the speaker does: warning, refusing, testifying, joking (negative) --------------
    SignalSpec(
        "negated_injection",
        -1.2,
        r"(?<!stylo )(?<!stylos )(?<!pen )\b(?:sans|zero|aucune?|pas d'|pas de|no|without|non) (?:aucune? |baby )?(?:(?:actes?|soins?|produits?|traitements?) injectables?|injections?|injectables?|aiguilles?|piqures?|needles?|fillers?|botox|acte medical|seringues?)\b"
        r"|\bpas besoin (?:de |d')(?:botox|injections?|fillers?|piqures?)\b|\bnon invasif\b|\brien (?:d'injecte|a voir avec (?:une|les) (?:injections?|levres))\b|\bce n'est pas (?:une injection|du botox)\b|\bnot botox\b",
        "Négation : le texte dit qu'il n'y a pas d'injection (« sans injection », « zéro aiguille »).",
    ),
    SignalSpec(
        "refusal",
        -1.3,
        r"\bje (?:ne |n')(?:\w+ ){0,2}?(?:pas|jamais|plus|aucune?)\b|\bc'est non\b|\bje refuse\w*|\bi (?:won't|will not|don't|never|say no)\b"
        r"|\bn'en (?:proposera|fera|ferai)\b|\bne (?:proposons|pratiquons|faisons) (?:pas|aucune?)\b|\bthings i say no to\b|\bce que je refuse\b|\breponse (?:est |: ?)?non\b",
        "Refus dit à la première personne (« je ne fais pas », « c'est non ») : ce n'est pas une offre.",
    ),
    SignalSpec(
        "negated_channel",
        -1.0,
        r"\b(?:aucune?|pas de|jamais de|ni|no|never|sans) (?:paiements?|reglements?|acomptes?|rdv|rendez-vous|reservations?|bookings?|payments?|deposits?|consultations?) (?:\w+ ){0,2}?(?:par|en|via|sur|by|over|through|on) (?:message prive|snap\w*|whatsapp|telegram|instagram|insta|virement|messages?)\b"
        r"|\b(?:we|i) (?:never|don'?t) (?:book|take (?:bookings?|payments?|deposits?)) (?:by|over|on|via|through) (?:message prive|snap\w*|whatsapp|telegram|instagram|messages?)\b",
        "Le texte exclut la réservation ou le paiement hors plateforme (« aucun paiement par message privé ») : ce n'est pas une offre du marché illégal.",
    ),
    SignalSpec(
        "refusal",
        -1.3,
        r"\bon (?:ne |n')(?:\w+ ){0,2}?(?:pas|jamais|aucune?)\b",
        "Refus dit à la première personne (« je ne fais pas », « c'est non ») : ce n'est pas une offre.",
    ),
    SignalSpec(
        "testimony",
        -1.2,
        r"\bje me suis fait\w*|\bm'a (?:meme |aussi |encore |deja )?(?:injecte|pique|recue?|dit|propose|montre|fait|bloque)\w*|\bj'y (?:croyais|ai cru)\b|\bj'ai (?:une|des|eu) (?:boules?|bosses?|infections?|nodules?|hematomes?)\b|\bj'ai (?:prevenu|alerte)\b|\bj'ai eu (?:un|une|des) (?:oedemes?|bleus?|hematomes?|infections?|necroses?|boules?|bosses?|reactions?|allergies?)\b|\bm'a offert (?:un|une|des|mes|ma|mon) (?:soin|seance|injection|levres|botox)\w*|\b(?:ne |n')?repondait plus\b|\bsos medecins\b|\bshe (?:said|told me|promised)\b|\bi'?ve had\b|\bit wasn'?t\b|\bj'ai (?:paye|verse|cru|fini|eu des|eu une|achete la)\b"
        r"|\bstory ?time\b|\bs'est fait(?:e)? (?:injecter|piquer|faire (?:les|des|un|une))\b|\bune de mes (?:amies|copines|collegues|cousines|soeurs|voisines)\b|\b(?:une|ma) patiente (?:m'a|me) (?:demande|montre|raconte)\w*|\bmon (?:histoire|experience|parcours)\b|\bil y a \d+ (?:mois|ans)\b|\bje raconte\b|\bje temoigne\b"
        r"|\b(?:i )?(?:got|had) my\b|\bthis is what happened\b|\bpaid (?:a\b|£|\$|€|\d)|\bended up (?:in|with)\b|\blearn(?:ed)? (?:from me|the hard way)\b|\bma (?:fille|mere|soeur|cousine) (?:de|a|s'est)\b|\bmy (?:cousin|friend|sister)\b|\b(?:ma|mon) (?:fille|fils|soeur|frere|cousine?|niece|neveu|belle-soeur|amie|copine) (?:veut|voulait|a eu|a pris|a fait|a fini|m'a)\b|\ba fini (?:chez|aux|a l'|a la|par|avec)\b|\bj'ai (?:fait|pris|reserve|gagne) (?:mes|mon|ma|les|un|une|rdv|rendez-vous)\b|\bm'avait (?:dit|promis|injecte|propose|fait)\b|\bje (?:suis|y suis) allee?\b"
        r"|\bchez (?:ma|mon) (?:medecin|dermato\w*|docteure?|chirurgien\w*)\b|\b(?:ma|mon) (?:medecin|dermato\w*) (?:m'a|a dit)\b"
        r"|\bpas de (?:partenariat|code promo|placement)\b|\bnon sponsoris\w*|\bnot sponsored\b|\bje paie mes soins\b",
        "Récit à la première personne de ce qu'on a subi : témoignage, pas offre.",
    ),
    SignalSpec(
        "quoted_offer",
        -1.0,
        r"\bles (?:phrases|signaux|mots)\b|\bred flags?\b|\bfuyez\b|\bn'y allez pas\b|\bne (?:tombez|venez) pas\b|\bplease don'?t\b|\bwalk away\b"
        r"|\bpsa\b|\brappel\b|\breminder\b|\bsi (?:on|quelqu'un|une personne) (?:vous|te) (?:propose|offre|vend)\b|\bif (?:someone|anyone|a person) (?:offers|sells|tells) you\b|\bmakes? me worry\b|\bwarning signs?\b|\bpeople keep sending me\b|\bis it a good deal\b|\bcapture d'ecran\b|\bidee recue\b|\bmythe?s?\b|\bfaux\b|\bc'est faux\b|\bmyth\b"
        r"|\bsignal(?:e|er|ez|ement)\b|\bsignaux (?:qui|d'alerte|d'alarme)\b|\bsignal d'alarme\b|\bdoivent vous alerter\b|\bvoici ce qu'on\b|\bmefiez-vous\b|\bposez-vous la question\b|\bne vous laissez pas\b",
        "L'auteur cite ou démonte les offres pour mettre en garde (« fuyez », « idée reçue », « red flag »).",
    ),
    SignalSpec(
        "medical_indication",
        -1.2,
        r"\bmigraines?\b|\bspasticite\b|\bdystonie\b|\bblepharospasme\b|\bhyperhidrose\b|\bvessie\b|\bstrabisme\b|\barthrose\b"
        r"|\bbruxisme\b|\bparalysie\b|\bneurolog\w*|\burolog\w*|\bophtalmo\w*|\brhumato\w*|\bsous echographie\b|\bchu\b"
        r"|\bservice de\b|\bhopital\b|\bavc\b|\breeducation\b|\bfiv\b|\banticoagulants?\b|\bprise de sang\b|\bgenou\b",
        "Indication médicale (migraine, spasticité, hyperhidrose…) ou soin hospitalier : pas d'esthétique.",
    ),
    SignalSpec(
        "moderation_notice",
        -1.2,
        r"\bregles? du groupe\b|\bmoderation\b|\badmin\b|\bseront (?:supprimee?s|masquee?s|exclue?s)\b|\bexclusion\b|\bgroup rules?\b"
        r"|\bwill be removed\b|\bbanned\b|\bsont interdites\b|\bce groupe\b",
        "Avis de modération d'un groupe : il interdit les offres, il n'en fait pas.",
    ),
    SignalSpec(
        "humour_question",
        -0.6,
        r"[😂🤣💀😹🙃]|\bmdr\b|\bptdr\b|\blol\b|\bjpp\b|\bmood\b|\b(?:this|that|the) memes?\b|\bmemes?(?= *(?:$|[.!?,:#😂🤣💀]))|\bmemes? (?:du jour|of the day)\b|\bpov\b|\bspoiler\b|\bje plaisante\b|\bmoi a \d+ ans\b"
        r"|\bvous en pensez quoi\b|\bc'est normal\b|\bquelqu'un (?:connait|a|sait)\b|\bdes conseils\b|\bvous avez des\b|\best-ce que\b"
        r"|\bc'est une bonne idee\b|\bis it normal\b|\bje cherche (?:un|une) (?:vrai|dermato|medecin)\w*",
        "Blague ou question posée par quelqu'un qui cherche conseil : pas une offre.",
    ),
    # Kept apart: "quand", "pas" start most French posts, the long row above should not run on them.
    SignalSpec(
        "humour_question",
        -0.6,
        r"\bquand (?:ta (?:mere|maman|pote|copine)|je vois)\b|\bpas en reve\b|\bquestionnaire\b|\bsondage\b"
        r"|\bmon memoire\b|\bma these\b",
        "Blague ou question posée par quelqu'un qui cherche conseil : pas une offre.",
    ),
    # --- exculpatory -----------------------------------------------------------------------
    SignalSpec(
        "educational_warning",
        -1.2,
        r"\battention\b|\barnaques?\b|\bdanger\w*|\bmefie[zr]?\b|\billegal\w*|\billicite\w*|\bcomplications?\b"
        r"|\bnecroses?\b|\bne (?:vous )?faites? pas\b|\bverifie[rz]?\b|\bsignale[rz]?\b|\bfuye[zr]\b|\bfuir\b|\bbeware\b"
        r"|\bwarning\b|\bscams?\b|\bexercice illegal\b|\bn'importe quoi\b|\bj'ai vu (?:des|trop de|plusieurs) (?:ptoses?|necroses?|complications?|infections?|granulomes?|cas)\b"
        r"|\bsensibilis\w*|\b(?:reserve|reservee|reserves)s? aux medecins\b|\buniquement (?:par )?(?:un |des )?medecins?\b"
        r"|\bseuls? (?:les )?medecins\b|\bne jamais\b|\b(?<!aucun )(?<!sans )(?<!zero )risques?\b|\bprevention\b",
        "Message de prévention ou de mise en garde.",
    ),
    SignalSpec(
        "warning_term",
        -1.2,
        r"\bfausses? (?:injectrices?|infirmieres?|praticiennes?|docteurs?|medecins?)\b|\bfaux (?:injecteurs?|medecins?|docteurs?)\b"
        r"|\bfake (?:injectors?|nurses?|doctors?)\b|\binjectrices? (?:illegales?|non medecins?)\b|\bnon-?medecins?\b"
        r"|\b(?:unregistered|unlicensed|unqualified|illegal) (?:injectors?|practitioners?|aestheticians?)\b",
        "Le texte nomme les fausses injectrices pour en parler : mise en garde, pas offre.",
    ),
    SignalSpec(
        "practice_address",
        -0.8,
        r"\bcabinets?\b|\bcliniques?\b|\bcentre (?:medical|de sante|laser|dermatologique|esthetique medical)\b|\bhopital\b"
        r"|\bmaison de sante\b|\bclinic\b|\b\d{5} [a-z]+",
        "Adresse d'un cabinet, d'une clinique ou d'un centre médical.",
    ),
    SignalSpec(
        "booking_platform",
        -1.0,
        r"\bdoctolib\b|\bmaiia\b|\bkeldoc\b|\bprise de rendez-vous en ligne\b|\bsecretariat\b",
        "Prise de rendez-vous par une plateforme médicale ou un secrétariat.",
    ),
    SignalSpec(
        "consultation_consent",
        -1.0,
        r"\bconsultations?\b|\bconsentement\w*|\bdevis\b|\bdelai de reflexion\b|\bcontre[- ]indications?\b|\bbilan\b"
        r"|\btracabilite\b|\bnumeros? de lot\b|\bantecedents\b|\binformed consent\b|\bexamen (?:clinique|medical)\b"
        r"|\bordonnance\b|\bprescription\b|\bhonoraires?\b|\bconventionn\w*|\bsecteur [12]\b|\bcarte vitale\b|\bsuivi\b",
        "Consultation préalable, consentement, devis ou suivi : cadre médical.",
    ),
    SignalSpec(
        "news_victim",
        -1.2,
        r"\bselon\b|\bdocumentaire\b|\bemission\b|\bcondamnee?s?\b|\benquetes?\b|\bproces\b|\btribunal\b|\bjugee?s?\b|\bvictimes?\b|\btemoign\w*"
        r"|\bje me suis fait\w*|\bmon amie?\b|\bma (?:soeur|cousine|pote|copine|voisine)\b|\barticle\b|\bjournal\w*"
        r"|\breportage\b|\bars\b|\bgendarm\w*|\bpolice\b|\bplaintes?\b|\binterpell\w*|\bhospitalisee?s?\b|\burgences\b"
        r"|\bmise? en examen\b|\bprefecture\b|\bdgccrf\b|\bansm\b|\baccording to\b|\bcharged\b|\barrested\b"
        r"|\bregrett?\w*|\bdefigur\w*|\b(?:cette|une|ma|mes|nos) patientes? (?:est|sont) venue?s?\b|\bnodules?\b|\bdeformee?s?\b|\bon m'a propose\b|\bm'a propose\w*|\b(?:une|la|cette) fille qui (?:fait|propose|injecte|pique)\b|\bproposait\b|\bparquet\b|\bprison\b",
        "Récit de victime, témoignage ou article de presse.",
    ),
    SignalSpec(
        "physician_identity",
        -0.6,
        r"\b(?<!pas )(?<!ni )medecins?\b|\bmedecine esthetique\b|\bdermatolog\w*|\bchirurgien\w*|\bplasticien\w*|\binscrite? a l'ordre\b"
        r"|\bconseil de l'ordre\b|\bordre des medecins\b|\brpps\b|\bdiu\b|\bdiplome inter-?universitaire\b|\binternes?\b"
        r"|\bdermatologist\b|\bsurgeon\b|\bboard certified\b|\bphysician\b",
        "Le texte se réfère à la médecine ou à un médecin identifiable.",
    ),
    SignalSpec(
        "non_injection_context",
        -1.0,
        r"\bcheveux\b|\bcapillaires?\b|\blissages?\b|\bkeratine\b|\btanins?\b|\bhair\b|\bmeches\b"
        r"|\bshampo\w*|\bcremes?\b(?! anesthesi| qui endort| qui anesthesi)|\bserums?\b|\bmasques?\b|\btopique\b|\bhydratant\w*|\bskincare\b|\bcosmetiques?\b"
        r"|\bgloss\b|\brouge a levres\b|\blipsticks?\b|\bbaume\b|\bmaquillage\b|\bmakeup\b|\btatou\w*|\btattoos?\b"
        r"|\bmicroblading\b|\bpiercings?\b|\bencre\b|\bmarinade\w*|\brecettes?\b|\bcuisine\w*|\bpoulet\b|\bdinde\b"
        r"|\bgigot\b|\btiramisus?\b|\bpatissi\w*|\bpatisserie\w*|\bbiscuits?\b|\bbrioches?\b|\bsauce\b|\bhappy hour\b|\bpintes?\b|\bbieres?\b|\bmojitos?\b|\bapero\w*|\bcocktails? (?!vitamin)|\bvodka\b|\bshots?\b|\bafterwork\b|\bau bar\b|\bbar du\b|\bbeurre\b|\bescargots?\b|\brestaurant\w*|\bgateaux?\b|\bcuisson\b|\bvaccin\w*|\bgrippe\b|\bcovid\b|\binsuline\b|\bdiabet\w*"
        r"|\bongles?\b|\bcils\b|\bsourcils\b|\bepilation\b|\bmassages?\b|\bmanucure\b|\bnails?\b|\blash\w*|\bbrows?\b"
        r"|\bcapitaux\b|\bliquidites\b|\bsql\b|\bmoteur\b|\bcarburant\b|\bdiesel\b|\bturbo\b|\btdi\b|\bhdi\b|\bdci\b|\bvoitures?\b|\bgarag\w*|\bsoin du visage\b",
        "Contexte sans injection esthétique (cheveux, crème, tatouage, cuisine, vaccin, ongles…).",
    ),
)
