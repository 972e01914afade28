"""An emulated mobile network for the benchmarks, and the log of what a page fetches over it.

`Reseau.ouvrir(contexte, page)` (async Playwright) opens a DevTools (CDP) session on the page,
applies `Network.emulateNetworkConditions` (« Fast 4G » by default) to it and, through
`Target.setAutoAttach` with `waitForDebuggerOnStart` (each new target waits until it is throttled
and logged), to every worker and service worker that starts for it; it then records every request
of all of them: address, target, encoded bytes (`Network.loadingFinished.encodedDataLength`),
whether the HTTP cache or the service worker answered, start and end.

How Chromium applies the conditions (checked on Chromium 156): a dedicated worker's requests go
through its page's emulated link (the page and its workers share one link, as on a real network;
`Network.emulateNetworkConditions` on the worker itself answers "Not supported"); a service worker
gets a link of its own, with the same conditions. Playwright's browser-level CDP session
(`new_browser_cdp_session`) only allows a flat auto-attach, whose child sessions Playwright does
not expose (their messages are dropped, microsoft/playwright#22992): the page-level session's
non-flat auto-attach, driven with `Target.sendMessageToTarget`, reaches the same targets.
"""

import asyncio
import json
from dataclasses import dataclass

# Chrome DevTools' « Fast 4G » preset: 9 Mbit/s down, 1.5 Mbit/s up, 150 ms of latency.
FAST_4G = {"offline": False, "latency": 150, "downloadThroughput": 9_000_000 / 8, "uploadThroughput": 1_500_000 / 8}
EVENEMENTS = (
    "Network.requestWillBeSent",
    "Network.responseReceived",
    "Network.requestServedFromCache",
    "Network.loadingFinished",
    "Network.loadingFailed",
)


@dataclass
class Requete:
    url: str
    cible: str  # page, worker, service_worker
    debut: float  # CDP monotonic seconds
    fin: float | None = None
    octets: int = 0
    cache: bool = False  # answered by the HTTP cache
    service_worker: bool = False  # answered by the service worker
    echec: bool = False
    encodage: str = ""

    @property
    def reseau(self) -> bool:
        """Transferred over the (emulated) network."""
        return self.fin is not None and not (self.cache or self.service_worker or self.echec)


class Reseau:
    """The requests of a page, its workers and its service worker, over an emulated network."""

    def __init__(self, conditions):
        self.conditions = conditions
        self.requetes: dict[tuple, Requete] = {}
        self.cibles: dict[tuple, str] = {(): "page"}
        self._numero = 0
        self._taches = set()
        self._decalage = 0.0  # wall time - CDP monotonic time, seconds

    @classmethod
    async def ouvrir(cls, contexte, page, conditions=FAST_4G):
        r = cls(conditions)
        r.session = await contexte.new_cdp_session(page)
        r.session.on("Target.attachedToTarget", lambda ev: r._attachee((), ev))
        r.session.on("Target.receivedMessageFromTarget", lambda ev: r._message((), ev))
        for methode in EVENEMENTS:
            r.session.on(methode, lambda ev, m=methode: r._evenement((), m, ev))
        await r.session.send("Network.enable", {})
        await r.session.send("Network.emulateNetworkConditions", conditions)
        await r.session.send(
            "Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False}
        )
        return r

    async def fermer(self):
        for tache in list(self._taches):
            await tache
        await self.session.detach()

    # --- the targets ---------------------------------------------------------------------------

    async def _envoyer(self, chemin: tuple, methode: str, params: dict):
        """A command to the target at `chemin` (session ids from the page down), non-flat protocol."""
        self._numero += 1
        message = {"id": self._numero, "method": methode, "params": params}
        for session in reversed(chemin[1:]):
            self._numero += 1
            message = {
                "id": self._numero,
                "method": "Target.sendMessageToTarget",
                "params": {"sessionId": session, "message": json.dumps(message)},
            }
        await self.session.send("Target.sendMessageToTarget", {"sessionId": chemin[0], "message": json.dumps(message)})

    async def _preparer(self, chemin: tuple):
        await self._envoyer(chemin, "Network.enable", {})
        await self._envoyer(chemin, "Network.emulateNetworkConditions", self.conditions)
        await self._envoyer(
            chemin, "Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False}
        )
        await self._envoyer(chemin, "Runtime.runIfWaitingForDebugger", {})

    def _attachee(self, parent: tuple, ev: dict):
        chemin = (*parent, ev["sessionId"])
        self.cibles[chemin] = ev["targetInfo"]["type"]
        tache = asyncio.ensure_future(self._preparer(chemin))
        self._taches.add(tache)
        tache.add_done_callback(self._taches.discard)

    def _message(self, parent: tuple, ev: dict):
        chemin = (*parent, ev["sessionId"])
        m = json.loads(ev["message"])
        methode = m.get("method")
        if methode == "Target.attachedToTarget":
            self._attachee(chemin, m["params"])
        elif methode == "Target.receivedMessageFromTarget":
            self._message(chemin, m["params"])
        elif methode in EVENEMENTS:
            self._evenement(chemin, methode, m["params"])

    # --- the requests --------------------------------------------------------------------------

    def _evenement(self, chemin: tuple, methode: str, p: dict):
        cle = (chemin, p["requestId"])
        if methode == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if not self.requetes and "wallTime" in p:
                self._decalage = p["wallTime"] - p["timestamp"]
            if url.startswith("http") and cle not in self.requetes:
                self.requetes[cle] = Requete(url, self.cibles.get(chemin, "?"), p["timestamp"])
            return
        r = self.requetes.get(cle)
        if r is None:
            return
        if methode == "Network.responseReceived":
            reponse = p["response"]
            r.service_worker = r.service_worker or bool(reponse.get("fromServiceWorker"))
            r.cache = r.cache or bool(reponse.get("fromDiskCache")) or bool(reponse.get("fromPrefetchCache"))
            entetes = {k.lower(): v for k, v in reponse.get("headers", {}).items()}
            r.encodage = entetes.get("content-encoding", "")
        elif methode == "Network.requestServedFromCache":
            r.cache = True
        elif methode == "Network.loadingFinished":
            r.fin = p["timestamp"]
            r.octets = int(p["encodedDataLength"])
        elif methode == "Network.loadingFailed":
            r.fin = p["timestamp"]
            r.echec = True

    # --- what the visit fetched ----------------------------------------------------------------

    def debut(self) -> float:
        return min((r.debut for r in self.requetes.values()), default=0.0)

    def sur_le_reseau(self, jusqu_a: float | None = None) -> list[Requete]:
        """The requests transferred over the network (finished by `jusqu_a`, CDP seconds, if given)."""
        return [r for r in self.requetes.values() if r.reseau and (jusqu_a is None or r.fin <= jusqu_a)]

    def bilan(self, jusqu_a: float | None = None) -> dict:
        """Bytes and requests over the network; the addresses transferred more than once."""
        faites = self.sur_le_reseau(jusqu_a)
        vues: dict[str, int] = {}
        for r in faites:
            vues[r.url] = vues.get(r.url, 0) + 1
        return {
            "octets": sum(r.octets for r in faites),
            "requetes": len(faites),
            "par_cible": {c: sum(r.octets for r in faites if r.cible == c) for c in sorted({r.cible for r in faites})},
            "en_double": sorted(u for u, n in vues.items() if n > 1),
        }

    def vers_cdp(self, temps_ms: float) -> float:
        """A page's wall-clock time (`performance.timeOrigin + t`, ms) on the CDP monotonic clock."""
        return temps_ms / 1000.0 - self._decalage
