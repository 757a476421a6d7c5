/**
 * The family page's HTML, in French: the code form, a child's photos, and the answers a family may
 * meet (a typo, a code no longer online, a closed gallery, too many wrong codes). Server-rendered
 * with no script, one stylesheet from the same origin, readable on a 375-pixel phone, with labels,
 * visible focus and contrasts of at least 4.5:1. Everything interpolated is escaped here.
 */
import type { GalleryContact } from './platform.repository';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `2027-08-20` → `20/08/2027`. */
export function frenchDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** « 9 minutes », « 1 minute », « 40 secondes ». */
export function frenchWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} seconde${seconds > 1 ? 's' : ''}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes > 1 ? 's' : ''}`;
}

export const FAMILY_STYLE = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1.0625rem;line-height:1.5;color:#1b1b1b;background:#f4f3ef}
.bandeau{background:#1d3557;color:#fff;padding:.75rem 1rem}
.bandeau p{max-width:60rem;margin:0 auto;font-weight:600}
main{display:block;max-width:60rem;margin:0 auto;padding:1rem}
.carte{background:#fff;border:1px solid #cfccc4;border-radius:.5rem;padding:1.25rem 1rem;margin:0 0 1rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .75rem}
h2{font-size:1.2rem;margin:1.5rem 0 .75rem}
p{margin:.5rem 0}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
.aide{color:#474747;font-size:.95rem}
input[type=text]{display:block;width:100%;font-size:1.25rem;padding:.6rem .75rem;min-height:3rem;border:2px solid #575757;border-radius:.375rem;letter-spacing:.06em;font-family:ui-monospace,Menlo,Consolas,"Liberation Mono",monospace;background:#fff;color:#1b1b1b}
input[aria-invalid=true]{border-color:#a30000}
button,.bouton{display:inline-block;font:inherit;font-weight:600;min-height:3rem;padding:.65rem 1.25rem;border-radius:.375rem;border:2px solid #0b4f8a;background:#0b4f8a;color:#fff;cursor:pointer;text-decoration:none;text-align:center}
button:hover,.bouton:hover{background:#083c69;border-color:#083c69}
.secondaire,button.secondaire{background:#fff;color:#0b4f8a}
.secondaire:hover,button.secondaire:hover{background:#eaf2fa;color:#083c69}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1rem}
.actions>*{flex:1 1 12rem}
.erreur{border-left:.35rem solid #a30000;background:#fdecec;color:#6e0000;padding:.75rem 1rem;margin:1rem 0;border-radius:.25rem}
.info{border-left:.35rem solid #0b4f8a;background:#eaf2fa;color:#0f3457;padding:.75rem 1rem;margin:1rem 0;border-radius:.25rem}
a{color:#0b4f8a;text-underline-offset:.15em}
a:hover{color:#083c69}
:focus-visible{outline:3px solid #1b1b1b;outline-offset:3px}
input[type=text]:focus-visible{outline:3px solid #0b4f8a;outline-offset:2px}
.contact{overflow-wrap:anywhere}
.exemple{white-space:nowrap;font-family:ui-monospace,Menlo,Consolas,"Liberation Mono",monospace}
ul.photos{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:1fr;gap:1rem}
@media (min-width:36rem){ul.photos{grid-template-columns:repeat(2,minmax(0,1fr))}}
@media (min-width:56rem){ul.photos{grid-template-columns:repeat(3,minmax(0,1fr))}}
ul.photos figure{margin:0;background:#fff;border:1px solid #cfccc4;border-radius:.5rem;overflow:hidden}
ul.photos img{display:block;width:100%;height:auto;background:#e7e5df}
figcaption{padding:.5rem .75rem;font-size:.95rem}
table.tarifs{width:100%;border-collapse:collapse;margin:.5rem 0}
table.tarifs th,table.tarifs td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #cfccc4}
table.tarifs label{margin:0;font-weight:400}
input[type=number]{width:5rem;font-size:1.1rem;padding:.4rem;min-height:2.75rem;border:2px solid #575757;border-radius:.375rem}
input[type=number]:focus-visible{outline:3px solid #0b4f8a;outline-offset:2px}
.simule{border-left-color:#8a4b00;background:#fff4e0;color:#4d2a00}
footer{max-width:60rem;margin:0 auto 2rem;padding:0 1rem;font-size:.95rem;color:#474747}
@media (min-width:36rem){.carte{padding:1.5rem}main{padding:1.5rem 1rem}}`;

/** A whole page: French, no script, the one stylesheet, no referrer. */
export function familyPage(title: string, main: string): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/style.css"></head>
<body><header class="bandeau"><p>Photos scolaires</p></header>
<main id="contenu">${main}</main>
<footer><p>Aucune obligation d’achat. Ces photos sont privées : ne partagez pas votre code.</p></footer></body></html>`;
}

export interface CodeFormOptions {
  /** Where the form posts (with the browser's token when it has no cookie). */
  action: string;
  /** What is wrong with the last code, shown above the field and tied to it. */
  error?: string | undefined;
  /** A second, calmer line under the error. */
  hint?: string | undefined;
  /** What the family typed, given back when it only needs a correction. */
  value?: string | undefined;
}

export function codeFormPage(o: CodeFormOptions): string {
  const describedBy = o.error ? 'code-aide code-erreur' : 'code-aide';
  return familyPage(
    o.error ? 'Code à vérifier — photos scolaires' : 'Photos scolaires — accès famille',
    `<div class="carte"><h1>Voir les photos de votre enfant</h1>
<p>Saisissez le code d’accès imprimé sur le bon de commande remis par l’école.</p>
${o.error ? `<div class="erreur" role="alert" id="code-erreur"><p>${escapeHtml(o.error)}</p>${o.hint ? `<p>${escapeHtml(o.hint)}</p>` : ''}</div>` : ''}
<form method="post" action="${escapeHtml(o.action)}"><label for="code">Code d’accès</label>
<p class="aide" id="code-aide">15 caractères, par exemple <span class="exemple">K7M3Q-XB9TN-4HRW2</span>. Majuscules ou minuscules, avec ou sans tirets.</p>
<input id="code" name="code" type="text" inputmode="text" autocomplete="off" autocapitalize="characters" autocorrect="off" spellcheck="false" required maxlength="40" aria-describedby="${describedBy}"${o.error ? ' aria-invalid="true" autofocus' : ''}${o.value ? ` value="${escapeHtml(o.value)}"` : ''}>
<div class="actions"><button type="submit">Voir les photos</button></div></form></div>`,
  );
}

export interface GalleryItemView {
  id: string;
  kind: 'photo' | 'class' | 'form';
  label: string;
  alt: string;
}

/** `1250` → `12,50 €` (French format, no-break space). */
export function euros(cents: number): string {
  return `${(cents / 100).toFixed(2).replace('.', ',')}\u00a0€`;
}

/** What the family may order online, and what it already ordered. */
export interface OrderFormView {
  action: string;
  csrf: string;
  deadline: string;
  /** false once the deadline has passed: the form is replaced by the message. */
  open: boolean;
  products: { ref: string; label: string; priceCents: number; perPose: boolean }[];
  poses: number[];
  error?: string;
  placed?: boolean;
  orders: {
    number: string;
    placedAt: string;
    totalCents: number;
    status: 'paid' | 'cancelled' | 'refunded';
    lines: { label: string; pose: number | null; quantity: number; totalCents: number }[];
  }[];
}

const ORDER_STATUS_FR = {
  paid: 'payée (paiement simulé)',
  cancelled: 'annulée',
  refunded: 'remboursée',
} as const;

export const SIMULATED_PAYMENT =
  'Paiement SIMULÉ : ceci est le bac à sable de la plateforme de vente. Aucune carte bancaire n’est demandée et aucun argent n’est prélevé.';

/** The order form under the photos: one quantity per product and pose, then a recap to confirm. */
export function orderSection(v: OrderFormView): string {
  const done = v.orders
    .map(
      (o) =>
        `<li><strong>Commande du ${frenchDate(o.placedAt.slice(0, 10))}</strong> — ${euros(o.totalCents)} — ${ORDER_STATUS_FR[o.status]}<ul>${o.lines
          .map(
            (l) =>
              `<li>${l.quantity} × ${escapeHtml(l.label)}${l.pose === null ? '' : ` (pose ${l.pose})`} — ${euros(l.totalCents)}</li>`,
          )
          .join('')}</ul></li>`,
    )
    .join('');
  const list = v.orders.length ? `<h3>Vos commandes</h3><ul class="commandes">${done}</ul>` : '';
  const notices = [
    v.placed ? '<div class="info" role="status"><p>Merci : votre commande est enregistrée.</p></div>' : '',
    v.error ? `<div class="erreur" role="alert"><p>${escapeHtml(v.error)}</p></div>` : '',
  ].join('');
  if (!v.open)
    return `<section class="carte" id="commande" aria-labelledby="titre-commande"><h2 id="titre-commande">Commander en ligne</h2>${notices}
<p>La date limite de commande en ligne était le ${frenchDate(v.deadline)} : la commande en ligne est close. Pour toute question, adressez-vous à l’école.</p>${list}</section>`;
  const rows = v.products
    .flatMap((p) =>
      (p.perPose ? v.poses : [null]).map((pose) => {
        const name = `q_${p.ref}_${pose ?? 0}`;
        const label = `${p.label}${pose === null ? '' : `, pose ${pose}`}`;
        return `<tr><th scope="row"><label for="${name}">${escapeHtml(label)}</label></th><td>${euros(p.priceCents)}</td><td><input type="number" inputmode="numeric" id="${name}" name="${name}" min="0" max="99" value="0"></td></tr>`;
      }),
    )
    .join('');
  return `<section class="carte" id="commande" aria-labelledby="titre-commande"><h2 id="titre-commande">Commander en ligne</h2>${notices}
<p>Jusqu’au ${frenchDate(v.deadline)}. Indiquez les quantités, puis vérifiez le total avant de payer.</p>
<form method="post" action="${escapeHtml(v.action)}"><input type="hidden" name="csrf" value="${escapeHtml(v.csrf)}"><input type="hidden" name="etape" value="recap">
<table class="tarifs"><thead><tr><th scope="col">Article</th><th scope="col">Prix unitaire</th><th scope="col">Quantité</th></tr></thead><tbody>${rows}</tbody></table>
<div class="actions"><button type="submit">Voir le total</button></div></form>${list}</section>`;
}

/** The recap: lines and total in euros, the simulated payment said plainly, then confirm. */
export function orderRecapPage(v: {
  action: string;
  csrf: string;
  lines: { field: string; label: string; pose: number | null; quantity: number; unitCents: number }[];
}): string {
  const total = v.lines.reduce((n, l) => n + l.quantity * l.unitCents, 0);
  const rows = v.lines
    .map(
      (l) =>
        `<tr><th scope="row">${escapeHtml(l.label)}${l.pose === null ? '' : `, pose ${l.pose}`}</th><td>${l.quantity}</td><td>${euros(l.unitCents)}</td><td>${euros(l.quantity * l.unitCents)}</td></tr>`,
    )
    .join('');
  const hidden = v.lines
    .map((l) => `<input type="hidden" name="${escapeHtml(l.field)}" value="${l.quantity}">`)
    .join('');
  return familyPage(
    'Votre commande — photos scolaires',
    `<div class="carte"><h1>Votre commande</h1>
<table class="tarifs"><thead><tr><th scope="col">Article</th><th scope="col">Quantité</th><th scope="col">Prix unitaire</th><th scope="col">Total</th></tr></thead><tbody>${rows}</tbody>
<tfoot><tr><th scope="row" colspan="3">Total à payer</th><td><strong>${euros(total)}</strong></td></tr></tfoot></table>
<div class="info simule"><p><strong>${escapeHtml(SIMULATED_PAYMENT)}</strong></p></div>
<form method="post" action="${escapeHtml(v.action)}"><input type="hidden" name="csrf" value="${escapeHtml(v.csrf)}"><input type="hidden" name="etape" value="payer">${hidden}
<div class="actions"><button type="submit">Payer ${euros(total)} (paiement simulé)</button><a class="bouton secondaire" href="/galerie#commande">Modifier</a></div></form></div>`,
  );
}

export function galleryPage(v: {
  greeting: string;
  classLabel: string;
  school: string;
  closeDate: string | undefined;
  items: GalleryItemView[];
  order?: string;
}): string {
  const images = v.items.filter((i) => i.kind !== 'form');
  const form = v.items.find((i) => i.kind === 'form');
  const li = images
    .map(
      (i) =>
        `<li data-kind="${i.kind}"><figure><img src="/fichier/${i.id}" alt="${escapeHtml(i.alt)}" loading="lazy"><figcaption>${escapeHtml(i.label)}</figcaption></figure></li>`,
    )
    .join('');
  return familyPage(
    'Vos photos scolaires',
    `<div class="carte"><h1>Les photos de ${escapeHtml(v.greeting)}</h1>
<p>${escapeHtml([v.classLabel, v.school].filter(Boolean).join(' — '))}</p>
${v.closeDate ? `<p class="aide">Galerie consultable jusqu’au ${frenchDate(v.closeDate)}.</p>` : ''}</div>
<h2>Photos (${images.length})</h2>
<ul class="photos">${li}</ul>
${v.order ?? ''}
<div class="actions">${form ? `<a class="bouton secondaire" href="/fichier/${form.id}">Télécharger le bon de commande (PDF)</a>` : ''}
<form method="post" action="/sortie"><button type="submit" class="secondaire">Quitter la galerie</button></form></div>`,
  );
}

/** Whom to ask, as the gallery names it; the school otherwise. */
export function contactHtml(contact: GalleryContact | null, school: string): string {
  if (!contact) return `l’école (${escapeHtml(school)})`;
  const parts = [`<strong>${escapeHtml(contact.name)}</strong>`];
  if (contact.email)
    parts.push(`<a href="mailto:${escapeHtml(contact.email)}">${escapeHtml(contact.email)}</a>`);
  if (contact.phone)
    parts.push(
      `<a href="tel:${escapeHtml(contact.phone.replace(/[^+\d]/g, ''))}">${escapeHtml(contact.phone)}</a>`,
    );
  return parts.join(', ');
}

/** A known code whose photos a publish or a removal took offline. */
export function notOnlinePage(v: {
  reason: 'withdrawn' | 'replaced';
  school: string;
  contact: string;
}): string {
  const body =
    v.reason === 'replaced'
      ? `<p>Ce code a été remplacé par un nouveau code : utilisez celui qui est imprimé sur le bon de commande le plus récent que vous avez reçu.</p>`
      : `<p>Ce code est bien valable, mais les photos qu’il ouvrait ne sont plus en ligne : elles ont été retirées de la galerie de l’école (${escapeHtml(v.school)}), par exemple à la demande de la famille.</p>
<p>Les photos ne sont pas perdues pour autant : vous pouvez toujours commander avec le bon de commande papier.</p>`;
  return familyPage(
    'Galerie non disponible — photos scolaires',
    `<div class="carte"><h1>Cette galerie n’est pas en ligne</h1>
${body}
<div class="info"><p class="contact">Pour toute question, contactez ${v.contact}.</p></div>
<div class="actions"><a class="bouton secondaire" href="/">Saisir un autre code</a></div></div>`,
  );
}

export function closedPage(v: { closeDate: string | undefined; contact: string }): string {
  return familyPage(
    'Galerie fermée — photos scolaires',
    `<div class="carte"><h1>Galerie fermée</h1>
<p>La période de consultation de cette galerie est terminée${v.closeDate ? ` (elle était ouverte jusqu’au ${frenchDate(v.closeDate)})` : ''}.</p>
<div class="info"><p class="contact">Pour toute question, contactez ${v.contact}.</p></div>
<div class="actions"><a class="bouton secondaire" href="/">Retour à l’accueil</a></div></div>`,
  );
}

export function messagePage(title: string, heading: string, text: string): string {
  return familyPage(
    `${title} — photos scolaires`,
    `<div class="carte"><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p>
<div class="actions"><a class="bouton secondaire" href="/">Retour à l’accueil</a></div></div>`,
  );
}
