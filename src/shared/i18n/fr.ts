/**
 * French, the reference dictionary: every key the app uses is defined here first. Other languages
 * must provide exactly the same keys (checked by the compiler). `{name}` placeholders are filled
 * by `translate`.
 */
export const fr = {
  'app.name': 'Préau Studio',
  'app.tagline': 'Photographie scolaire, du tri à la vente',
  'app.loading': 'Chargement…',
  'app.disconnected': 'Connexion au studio perdue. Nouvelle tentative…',
  'app.language': 'Langue',
  'app.language.fr': 'Français',
  'app.language.en': 'English',
  'app.disconnected.hint':
    'Si Préau Studio a été relancé, ouvrez la nouvelle adresse qu’il affiche au démarrage.',
  'app.skipToContent': 'Aller au contenu',
  'app.loadFailed': 'Impossible de charger le studio.',
  'app.fixFields': 'Certaines informations sont incorrectes : corrigez les champs signalés.',
  'app.retry': 'Réessayer',
  'app.dismiss': 'Fermer le message',

  'home.title': 'Reportages',
  'home.recent': 'Reportages récents',
  'home.recent.empty': 'Aucun reportage pour l’instant. Créez le premier avec le formulaire ci-contre.',
  'home.recent.unavailable': 'Dossier introuvable (disque débranché, déplacé ou supprimé)',
  'home.recent.open': 'Ouvrir',
  'home.recent.forget': 'Retirer de la liste',
  'home.recent.open.label': 'Ouvrir « {school} » ({year})',
  'home.recent.forget.label': 'Retirer « {school} » ({year}) de la liste',
  'home.recent.unavailableTag': 'Introuvable',
  'home.recent.lastOpened': 'Ouvert le {date}',
  'home.recent.opening': 'Ouverture…',
  'home.openOther': 'Ouvrir un autre dossier…',
  'home.openOther.hint':
    'Indiquez le dossier d’un reportage existant (celui qui contient le fichier job.preau.sqlite).',
  'home.create.title': 'Nouveau reportage',
  'home.create.schoolName': 'École',
  'home.create.schoolName.placeholder': 'École élémentaire Jules Ferry',
  'home.create.town': 'Commune',
  'home.create.schoolYear': 'Année scolaire',
  'home.create.shootDate': 'Date de prise de vue',
  'home.create.folder': 'Dossier du reportage',
  'home.create.folder.hint': 'Par défaut, un nouveau dossier dans votre bibliothèque : {path}',
  'home.create.submit': 'Créer le reportage',
  'home.create.created': 'Reportage « {school} » créé.',
  'home.create.town.placeholder': 'Villeurbanne',
  'home.create.shootDate.placeholder': 'jj/mm/aaaa',
  'home.create.shootDate.hint':
    'Au format jj/mm/aaaa, par exemple {example}. Vous pourrez la préciser plus tard.',
  'home.create.folder.default': 'Dossier par défaut',
  'home.create.folder.custom': 'Autre dossier',
  'home.create.working': 'Création…',
  'home.create.fixErrors': 'Le reportage n’a pas été créé : corrigez les champs signalés.',
  'home.create.optional': 'facultatif',

  'folder.choose': 'Choisir…',
  'folder.typeHint': 'Saisissez ou collez le chemin complet du dossier.',
  'folder.check.missing': 'Ce dossier n’existe pas encore : il sera créé.',
  'folder.check.notFolder': 'Ce chemin désigne un fichier, pas un dossier.',
  'folder.check.notWritable': 'Impossible d’écrire dans ce dossier.',
  'folder.check.notEmpty': 'Ce dossier n’est pas vide et n’est pas un reportage.',
  'folder.check.isJob': 'Ce dossier contient déjà un reportage.',
  'folder.check.ok': 'Dossier utilisable.',
  'folder.open.title': 'Ouvrir un reportage',
  'folder.open.submit': 'Ouvrir',
  'folder.cancel': 'Annuler',
  'folder.path': 'Chemin du dossier',
  'folder.path.placeholder': '/home/studio/Reportages/2026-2027 École Jules Ferry',
  'folder.check.checking': 'Vérification du dossier…',
  'folder.check.notJob': 'Ce dossier n’est pas un reportage Préau Studio.',
  'folder.check.jobFound': 'Reportage trouvé dans ce dossier.',
  'folder.pick.title': 'Choisir le dossier du reportage',
  'folder.opening': 'Ouverture…',

  'job.back': 'Tous les reportages',
  'job.close': 'Fermer le reportage',
  'job.folder': 'Dossier',
  'job.schoolYear': 'Année scolaire {year}',
  'job.shootDates': 'Prise de vue : {dates}',
  'job.noShootDate': 'Date de prise de vue à préciser',
  'job.createdAt': 'Créé le {date}',
  'job.tasks': 'Travaux en cours',
  'job.tasks.none': 'Aucun travail en cours.',
  'job.tasks.cancel': 'Annuler',
  'job.tasks.recent': 'Travaux récents',
  'job.tasks.progress': '{done} sur {total}',
  'job.tasks.rate': '{rate} par seconde',
  'job.tasks.eta': 'reste environ {eta}',
  'job.tasks.cancel.label': 'Annuler : {task}',
  'job.tasks.cancelling': 'Annulation…',
  'job.tasks.finishedAt': 'terminé le {date}',
  'job.closing': 'Fermeture…',
  'job.nav.label': 'Étapes du reportage',
  'job.nav.overview': 'Vue d’ensemble',
  'job.nav.ingest': 'Import des cartes',
  'job.nav.roster': 'Classes et élèves',
  'job.nav.labeling': 'Tri et identification',
  'job.nav.orderForms': 'Bons de commande',
  'job.nav.publishing': 'Publication',
  'job.nav.soon': 'bientôt',
  'job.overview.title': 'Vue d’ensemble',
  'job.overview.next':
    'Les prochaines étapes du reportage (import des cartes, classes et élèves, tri et identification, bons de commande, publication) arriveront dans la colonne de gauche.',
  'job.details': 'Informations du reportage',
  'job.town': 'Commune',
  'job.noTown': 'Commune non renseignée',
  'job.yearLabel': 'Année scolaire',
  'job.datesLabel': 'Prise de vue',

  'duration.seconds': '{s} s',
  'duration.minutes': '{m} min {s} s',
  'duration.hours': '{h} h {m} min',

  'task.status.queued': 'En attente',
  'task.status.running': 'En cours',
  'task.status.done': 'Terminé',
  'task.status.failed': 'Échec',
  'task.status.cancelled': 'Annulé',

  'errors.invalid_params': 'Certaines informations sont incorrectes : {details}',
  'errors.unknown_method': 'Action inconnue : « {method} ». Mettez Préau Studio à jour.',
  'errors.unauthorized': 'Accès refusé : ouvrez Préau Studio avec l’adresse complète affichée au démarrage.',
  'errors.not_found': 'Introuvable : {what}.',
  'errors.not_a_job_folder':
    'Le dossier « {path} » n’est pas un reportage Préau Studio. Choisissez le dossier d’un reportage existant ou créez-en un nouveau.',
  'errors.folder_not_empty':
    'Le dossier « {path} » contient déjà des fichiers et n’est pas un reportage. Choisissez un dossier vide ou un nouveau nom.',
  'errors.already_a_job':
    'Le dossier « {path} » contient déjà un reportage : ouvrez-le plutôt que d’en créer un nouveau.',
  'errors.folder_missing': 'Le dossier « {path} » n’existe pas (disque débranché, déplacé ou supprimé ?).',
  'errors.not_a_folder': '« {path} » est un fichier, pas un dossier.',
  'errors.db_too_new':
    'Ce reportage a été enregistré par une version plus récente de Préau Studio (schéma {found}, cette version connaît jusqu’au {known}). Mettez Préau Studio à jour pour l’ouvrir ; rien n’a été modifié.',
  'errors.db_corrupt':
    'La base du reportage « {path} » est illisible ({reason}). Rien n’a été modifié ; restaurez le dossier depuis votre sauvegarde.',
  'errors.read_only':
    'Impossible d’écrire dans « {path} » (lecture seule ou droits insuffisants). Choisissez un autre dossier ou vérifiez les droits.',
  'errors.disk_full': 'Le disque de « {path} » est plein. Libérez de la place puis réessayez.',
  'errors.locked':
    'Ce reportage est déjà ouvert par Préau Studio (processus {pid} sur {host}, depuis le {since}). Fermez-le là-bas avant de l’ouvrir ici.',
  'errors.job_not_open': 'Ce reportage n’est pas ouvert. Rouvrez-le depuis la liste des reportages.',
  'errors.cancelled': 'Opération annulée.',
  'errors.unsupported': 'Cette action n’est pas disponible ici : {what}.',
  'errors.internal':
    'Erreur inattendue. Rien n’a été perdu ; réessayez, et si cela se reproduit, notez l’heure : {ref}.',
  'errors.disconnected':
    'La connexion au studio a été coupée avant la réponse. Vérifiez que Préau Studio est toujours lancé, puis vérifiez si l’action a été faite avant de la refaire.',

  'validation.required': 'obligatoire',
  'validation.expected.string': 'texte attendu',
  'validation.expected.number': 'nombre attendu',
  'validation.expected.boolean': 'oui/non attendu',
  'validation.expected.object': 'objet attendu',
  'validation.expected.array': 'liste attendue',
  'validation.unknownField': 'champ inconnu « {name} »',
  'validation.tooShort': 'trop court',
  'validation.tooLong': 'trop long',
  'validation.invalidValue': 'valeur non valable',
  'validation.text.tooLong': 'texte trop long',
  'validation.schoolName.required': 'le nom de l’école est obligatoire',
  'validation.schoolYear.format': 'l’année scolaire s’écrit comme 2026-2027',
  'validation.schoolYear.consecutive':
    'l’année scolaire doit couvrir deux années consécutives (ex. 2026-2027)',
  'validation.date.format': 'date attendue au format jj/mm/aaaa',
  'validation.date.invalid': 'cette date n’existe pas',
  'validation.date.outsideYear': 'cette date n’est pas dans l’année scolaire {year}',
  'validation.path.required': 'le chemin du dossier est obligatoire',
  'validation.path.tooLong': 'chemin trop long',
  'validation.path.invalid': 'chemin non valable',
  'validation.path.relative': 'indiquez un chemin complet (ex. /home/studio/Reportages ou D:\\Reportages)',
  'validation.email': 'adresse e-mail non valable',
  'validation.siret': 'un SIRET compte 14 chiffres',
  // School, roster and consent (issue 4).
  'errors.roster_empty':
    'Le fichier « {file} » ne contient aucune ligne. Vérifiez que vous avez choisi la bonne extraction.',
  'errors.roster_unsupported':
    'Le fichier « {file} » n’est pas une liste d’élèves lisible (ni CSV, ni tableur XLSX, ni export SIECLE XML). Exportez la liste depuis ONDE, SIECLE ou votre tableur puis recommencez.',
  'errors.roster_old_excel':
    'Le fichier « {file} » est au format Excel 97-2003 (.xls). Ouvrez-le dans votre tableur et enregistrez-le en .xlsx ou en CSV, puis recommencez.',
  'errors.roster_bad_quote':
    'Le fichier « {file} » est mal formé à la ligne {line} : un guillemet est ouvert et jamais refermé. Corrigez cette ligne (ou réexportez le fichier) puis recommencez ; rien n’a été importé.',
  'errors.roster_bad_xml':
    'Le fichier « {file} » est un XML mal formé à la ligne {line} ({detail}). Réexportez-le depuis SIECLE puis recommencez ; rien n’a été importé.',
  'errors.roster_needs_mapping':
    'Les colonnes du fichier « {file} » n’ont pas été reconnues ({columns}). Indiquez quelle colonne contient le nom, le prénom et la classe, puis recommencez ; rien n’a été importé.',
  'errors.roster_mapping_column_missing':
    'La colonne « {column} » de la correspondance choisie est absente du fichier « {file} ». Vérifiez l’en-tête du fichier ou modifiez la correspondance ; rien n’a été importé.',
  'errors.roster_zip_without_roster':
    'L’archive « {file} » ne contient pas de liste d’élèves (fichier ElevesSansAdresses.xml attendu). Choisissez l’export SIECLE « Élèves sans adresses ».',
  'errors.roster_too_large':
    'Le fichier « {file} » est bien trop gros pour une liste d’élèves. Vérifiez que vous avez choisi la bonne extraction.',
  'errors.roster_no_classes':
    'Aucune classe à imprimer : importez la liste des élèves ou créez les classes d’abord.',
  'errors.class_exists': 'Une classe « {label} » existe déjà. Choisissez un autre nom.',
  'errors.consent_adult_self':
    'Cet élève est majeur : il consent lui-même. Enregistrez sa décision comme « l’élève ».',
  'errors.consent_minor_self':
    'Un élève mineur ne peut pas donner seul son accord : enregistrez celui des titulaires de l’autorité parentale (son refus, lui, est toujours respecté).',
  'errors.consent_one_holder':
    'Un seul titulaire de l’autorité parentale est indiqué pour cet élève. Changez ce nombre dans sa fiche pour enregistrer un second titulaire.',
  'roster.reject.missing_name': 'nom ou prénom manquant ({value})',
  'roster.reject.bad_date': 'date de naissance illisible « {value} » (attendu jj/mm/aaaa)',
  'roster.reject.bad_ine': 'INE non valable « {value} »',
  'school.missing.legalName': 'le nom légal de l’association (tel qu’il figurera sur les bons de commande)',
  'school.missing.chequePayee': 'l’ordre des chèques',
  'validation.uai': 'un code UAI compte 7 chiffres et une lettre (ex. 0751234A)',
  'validation.mapping.names': 'indiquez les colonnes du nom et du prénom (ou une colonne « NOM Prénom »)',
  'shootList.title': 'Liste de prise de vue',
  'shootList.fileName': 'liste-prise-de-vue',
  'shootList.heading': 'Liste de prise de vue — {class}',
  'shootList.continued': 'Liste de prise de vue — {class} (suite)',
  'shootList.dates': 'prise de vue le {dates}',
  'shootList.staff': 'Équipe :',
  'shootList.summary': '{students} élèves — {blocked} à ne pas photographier',
  'shootList.col.order': 'N°',
  'shootList.col.familyName': 'Nom',
  'shootList.col.firstName': 'Prénom',
  'shootList.col.absent': 'Absent',
  'shootList.col.notes': 'Consignes',
  'shootList.doNotPhotograph': 'NE PAS PHOTOGRAPHIER',
  'shootList.noClassPhoto': 'Pas sur la photo de classe',
  'shootList.empty': 'Aucun élève dans cette classe.',
  'shootList.page': 'Page {page} / {pages}',
  // Ingest of memory cards (issue 3).
  'errors.source_lost':
    'La source « {path} » n’est plus accessible (carte retirée ou lecteur débranché ?). Les fichiers déjà vérifiés sont conservés ; réinsérez la carte et relancez l’import : seuls les fichiers manquants seront copiés.',
  'errors.path_too_long':
    'Le chemin « {path} » est trop long pour le système de fichiers. Choisissez un dossier de reportage plus proche de la racine du disque.',
  'ingest.verdict.safe': 'Carte {card} ({camera}) copiée et vérifiée — peut être formatée.',
  'ingest.verdict.unsafe':
    'Carte {card} ({camera}) : NE PAS FORMATER — {count} fichier(s) non copié(s) ou non vérifié(s) : {files}.',
  'ingest.verdict.camera': 'boîtier {label}',
  'ingest.verdict.unknownCamera': 'boîtier inconnu',
  'ingest.reason.verifyMismatch':
    'la copie relue sur « {dest} » ne correspond pas à l’original (empreinte différente) : disque de destination douteux',
  'ingest.reason.sourceChanged':
    'le fichier a changé ou a été tronqué pendant la lecture ({read} octets lus sur {size})',
  'ingest.reason.readError': 'lecture impossible sur la carte ({code})',
  'ingest.reason.nameTooLong': 'nom ou chemin trop long ({code})',
  'ingest.reason.cancelled': 'import annulé avant ce fichier',
  'ingest.reason.sourceMissing': 'la carte n’était plus accessible',
  'ingest.unreadable.empty': 'fichier vide (0 octet)',
  'ingest.unreadable.notImage': 'ce n’est pas une image ({detail})',
  'ingest.unreadable.corrupt': 'image endommagée ou tronquée ({detail})',
  'ingest.unreadable.unsupported':
    'format non pris en charge pour l’aperçu ({detail}) ; l’original est conservé',
  'ingest.unreadable.noPreview': 'fichier RAW sans aperçu intégré ; l’original est conservé',
  'ingest.progress.copy': 'Copie et vérification : {done}/{total} fichiers',
  'ingest.progress.images': 'Aperçus : {done}/{total}',
  // Data protection (issue 8).
  'errors.platform_failed':
    'La plateforme n’a pas pu supprimer le contenu en ligne ({reason}). Rien n’a été effacé sur ce poste : vérifiez la connexion à la plateforme puis recommencez.',
  'retention.title': 'Conservation des données',
  'retention.overdue':
    'Des reportages ont dépassé leur date de suppression des fichiers haute définition : lancez un essai puis la purge.',
  'retention.dates':
    'Galerie fermée le {close} — fichiers HD supprimés le {hd} — comptabilité conservée jusqu’au {books}',
  'retention.due': 'À purger :',
  'retention.pending':
    '{originals} originaux, {backups} copies de sauvegarde, {cache} aperçus ({size}), {galleries} galerie(s) en ligne',
  'retention.dryRun': 'Essai (rien n’est supprimé)',
  'retention.dryRunTitle': 'Essai : voici exactement ce que la purge supprimerait',
  'retention.doneTitle': 'Purge terminée',
  'retention.reportFiles': '{count} fichier(s), {size}',
  'retention.location.originals': 'original',
  'retention.location.backup': 'copie de sauvegarde',
  'retention.location.cache': 'aperçu',
  'retention.platform': 'Plateforme {url} :',
  'retention.purge': 'Purger ces fichiers…',
  'retention.confirmTitle': 'Confirmer la purge',
  'retention.confirm':
    'Ces fichiers seront supprimés définitivement, sur ce poste, sur les disques de sauvegarde et sur la plateforme. Continuer ?',
  'retention.confirmYes': 'Oui, supprimer définitivement',
  'retention.cancel': 'Annuler',
  'audit.title': 'Journal d’audit',
  'audit.export': 'Exporter (CSV)',
  'audit.exported': 'Journal exporté : {path}',
  'audit.empty': 'Aucune action enregistrée pour l’instant.',
  'audit.when': 'Date',
  'audit.who': 'Utilisateur',
  'audit.what': 'Action',
  'audit.newer': 'Plus récentes',
  'audit.older': 'Plus anciennes',
  'about.title': 'À propos de Préau Studio',
  'about.version': 'Version {version}',
  'about.noAiTitle': 'Aucune intelligence artificielle',
  'about.noAi':
    'Préau Studio ne fait aucune détection ni reconnaissance de visage, aucun tri automatique des sourires, aucun modèle d’apprentissage automatique. Les photos sont classées par l’ordre de prise de vue, l’heure, les codes imprimés et par vous. Un test refuse toute dépendance de ce type.',
  'about.privacyTitle': 'Vie privée',
  'about.privacy':
    'Aucune télémétrie, aucun rapport d’erreur envoyé à un tiers, aucune police ni script distant. Les fichiers sont lisibles par vous seul ; les jetons et codes d’accès n’apparaissent jamais dans les journaux. Chaque reportage a ses dates de conservation ; l’effacement d’un élève se fait en une action et laisse une trace anonyme ; un export répond au droit d’accès.',
} as const;

export type MessageKey = keyof typeof fr;
export type Dictionary = { readonly [K in MessageKey]: string };
