#!/usr/bin/env python3
"""Writes the bundled demo data of the Persona4Rec main job (samples/data/demo-music-*.jsonl).

The demo catalogue is small on purpose: 48 music-gear items, 9 kinds of buyer, 220 reviewers
who each review 3 to 9 items over two years. Item metadata and reviews are in the Amazon
Reviews 2014 formats (metadata as strict JSON lines), so the main job reads them with the same
readers as the real data sets. Every sentence below was written for this project; the
combinations are drawn with a fixed seed, so rerunning this script reproduces the files exactly.

The data is synthetic: users follow their kind of buyer more faithfully than real people do.
Quality figures measured on it demonstrate the mechanics of the pipeline and say nothing about
real data (docs/evaluation.md has the real-data figures).

Usage: python3 tools/demo-data/generate.py samples/data
"""
import json
import random
import sys
from pathlib import Path

SEED = 20261128
START = 1672531200  # 2023-01-01T00:00:00Z
DAY = 86400

# Kinds of buyer: who they are (said in their own words) and how they judge gear.
KINDS = {
    "gigging": {
        "context": [
            "Our band plays two or three bars a month and I need gear that survives the van.",
            "I gig every weekend, usually on dark cramped stages.",
            "I play covers in pubs most Fridays and load in and out alone.",
            "Between soundcheck and the last set there is no time for fiddling with gear.",
        ],
        "praise": ["It has not let me down at a single show.", "Rock solid on stage, night after night.", "Exactly what a working musician needs."],
        "gripe": ["It would not survive a year of gigging.", "It failed halfway through a set, which is unforgivable."],
    },
    "recording": {
        "context": [
            "I record vocals and voice-overs in a converted spare bedroom.",
            "I host a weekly podcast from home and care about clean audio.",
            "My home studio is a desk in the corner, so every piece of gear has to earn its space.",
            "I track demos at night and edit them in a DAW the next morning.",
        ],
        "praise": ["My recordings sound noticeably cleaner.", "The difference shows up on the waveform straight away.", "It made my home recordings sound professional."],
        "gripe": ["It added noise I had to clean up in the edit.", "The recordings came out muddier than before."],
    },
    "beginner": {
        "context": [
            "I started learning guitar three months ago and know very little about gear.",
            "I am a complete beginner teaching myself from online lessons.",
            "I picked up an instrument again after twenty years away and wanted something simple.",
            "As a new player I needed something that just works without a manual.",
        ],
        "praise": ["Simple enough that I figured it out in minutes.", "It made practising less frustrating.", "Great for someone just starting out."],
        "gripe": ["Too fiddly for a beginner like me.", "The instructions assumed I knew far more than I do."],
    },
    "tone": {
        "context": [
            "I chase a warm vintage blues tone and I am picky about how gear sounds.",
            "I play through a small tube amp and listen closely to every change in tone.",
            "Tone is everything to me; I have tried dozens of pedals and strings looking for that classic sound.",
            "I mostly play slow blues and old soul, so warmth and dynamics matter most.",
        ],
        "praise": ["The tone is warm, round and responsive to my picking.", "It sounds like the records I grew up with.", "Beautiful harmonics and a sweet, smooth character."],
        "gripe": ["It sounds thin and harsh to my ears.", "The tone is sterile compared to what I am used to."],
    },
    "quiet": {
        "context": [
            "I live in a flat with thin walls and my neighbours complain about noise.",
            "I practise late at night after the kids are asleep, so I have to keep it quiet.",
            "Apartment living means I do almost all my practice on headphones.",
            "My downstairs neighbour works nights, so silence during the day matters.",
        ],
        "praise": ["Quiet enough that nobody has knocked on my wall since.", "I can finally practise at night without bothering anyone.", "It keeps the noise down without killing the feel."],
        "gripe": ["Still far too loud for an apartment.", "My neighbours could hear it through the floor."],
    },
    "worship": {
        "context": [
            "I lead the music at our church every Sunday and switch keys between songs.",
            "I play acoustic guitar for a small choir and a folk group.",
            "I am a fingerstyle acoustic player and sing my own songs at open mics.",
            "Our worship band is all volunteers, so everything has to be quick and reliable.",
        ],
        "praise": ["It makes Sunday mornings smoother.", "My acoustic sounds full and clear with it.", "Perfect for leading songs with a congregation."],
        "gripe": ["It slowed me down between songs.", "It took the sparkle out of my acoustic sound."],
    },
    "drummer": {
        "context": [
            "I have played drums for ten years and practise rudiments every day.",
            "I am a drummer in a rock band and go through sticks and heads fast.",
            "I teach drum lessons and my students use my practice gear too.",
            "I am a marching band percussionist working on speed and control.",
        ],
        "praise": ["The rebound feels natural and my rudiments improved.", "Holds up to hours of hard hitting.", "Great feel under the sticks."],
        "gripe": ["The feel under the sticks is dead and unnatural.", "It wore out after a few weeks of practice."],
    },
    "keys": {
        "context": [
            "I produce electronic music and play keyboard parts into my DAW.",
            "I am a pianist who moved to a digital keyboard to save space.",
            "I play synth in a band and program sounds at home.",
            "I make beats in my bedroom with a MIDI controller and a laptop.",
        ],
        "praise": ["It fits my keyboard setup perfectly.", "My production workflow is faster with it.", "Solid for anyone who plays keys."],
        "gripe": ["It does not suit a keyboard player at all.", "It got in the way of my production workflow."],
    },
    "parent": {
        "context": [
            "I bought this for my twelve-year-old who just joined the school band.",
            "This was a birthday present for my daughter, who is learning guitar.",
            "My son takes music lessons and his teacher suggested we get one.",
            "Buying gear for a child is hard when you do not play yourself.",
        ],
        "praise": ["My kid uses it every day and it has held up well.", "A great gift; our child was thrilled.", "Sturdy enough for a teenager, and the price was fair."],
        "gripe": ["It broke within a month of our child using it.", "Too complicated for a kid to use alone."],
    },
}

# Items: id, title, category path, description, the kinds of buyer it suits, and what each kind
# says about it. Popularity is a relative weight.
ITEMS = [
    ("B0DEMO0001", "Clip-on chromatic tuner", ["Musical Instruments", "Instrument Accessories", "Tuners"], "A clip-on chromatic tuner with a bright colour display that reads vibrations from the headstock.", 5,
     {"gigging": "The display is readable on a dark stage and it tunes in a second between songs.", "beginner": "I clip it on and the needle turns green when the string is in tune.", "worship": "I retune quickly between hymns without anyone hearing it.", "parent": "Our daughter tunes her own guitar with it now."}),
    ("B0DEMO0002", "Pedal tuner with true bypass", ["Musical Instruments", "Effects", "Tuners"], "A floor pedal tuner that mutes the signal while tuning, with true bypass and a metal housing.", 3,
     {"gigging": "I stomp it, tune silently and the crowd hears nothing.", "tone": "True bypass means it does not colour my tone at all when off."}),
    ("B0DEMO0003", "Vintage overdrive pedal", ["Musical Instruments", "Effects", "Overdrive"], "An overdrive pedal modelled on classic green circuits, with drive, tone and level controls.", 4,
     {"tone": "It gives a smooth mid-heavy crunch that cleans up when I roll back the volume.", "gigging": "Built like a tank and the footswitch takes a beating."}),
    ("B0DEMO0004", "Analog delay pedal", ["Musical Instruments", "Effects", "Delay"], "A bucket-brigade analog delay with up to 600 ms of warm, darkening repeats.", 3,
     {"tone": "The repeats are dark and warm, they sit behind the notes instead of cluttering them.", "worship": "A touch of delay fills the room when I play ambient pads on Sunday."}),
    ("B0DEMO0005", "Compact reverb pedal", ["Musical Instruments", "Effects", "Reverb"], "A small reverb pedal with spring, hall and plate modes.", 3,
     {"tone": "The spring mode sounds like an old amp's tank.", "worship": "The hall setting makes my acoustic sound like it is in a cathedral.", "recording": "I use it to add space to demos without plugins."}),
    ("B0DEMO0006", "Noise gate pedal", ["Musical Instruments", "Effects", "Noise Reduction"], "A noise gate that cuts hum and hiss between notes.", 2,
     {"gigging": "It kills the hum from old stage wiring.", "recording": "No more buzz between takes in my recordings."}),
    ("B0DEMO0007", "Large-diaphragm condenser microphone", ["Musical Instruments", "Microphones", "Condenser"], "A cardioid large-diaphragm condenser microphone for vocals and acoustic instruments.", 5,
     {"recording": "My vocals come through clear and detailed with very little room noise.", "worship": "I record my acoustic songs and the guitar sounds natural."}),
    ("B0DEMO0008", "Dynamic stage vocal microphone", ["Musical Instruments", "Microphones", "Dynamic"], "A rugged dynamic vocal microphone with a cardioid pattern and steel grille.", 5,
     {"gigging": "I have dropped it on concrete twice and it still works.", "worship": "Our volunteers sing into it every week and it never feeds back."}),
    ("B0DEMO0009", "USB podcast microphone", ["Musical Instruments", "Microphones", "USB"], "A USB microphone with a headphone output and gain knob, no interface needed.", 4,
     {"recording": "It plugs straight into my laptop and my podcast sounds broadcast ready.", "beginner": "No interface, no drivers, it just worked the first time.", "parent": "My son records his school projects and videos with it."}),
    ("B0DEMO0010", "Double-mesh pop filter", ["Musical Instruments", "Microphones", "Accessories"], "A double-layer pop filter on a flexible gooseneck clamp.", 4,
     {"recording": "The plosives on my p and b sounds are gone from my voice tracks."}),
    ("B0DEMO0011", "Two-channel USB audio interface", ["Musical Instruments", "Recording", "Audio Interfaces"], "A two-in, two-out USB audio interface with phantom power and low-latency drivers.", 5,
     {"recording": "Clean preamps and zero latency when I monitor my vocals.", "keys": "I plug my keyboard in and record straight into my DAW.", "tone": "I record my amp with a mic and the interface keeps the warmth."}),
    ("B0DEMO0012", "Closed-back studio headphones", ["Musical Instruments", "Recording", "Headphones"], "Closed-back monitoring headphones with a flat response and long coiled cable.", 5,
     {"recording": "The flat sound lets me hear every mistake in the mix.", "quiet": "Nothing leaks out, so I can practise and mix late at night.", "keys": "Great for long production sessions, comfortable for hours."}),
    ("B0DEMO0013", "Acoustic foam panels, 12 pack", ["Musical Instruments", "Recording", "Acoustic Treatment"], "Twelve acoustic foam wedge panels that absorb reflections in small rooms.", 3,
     {"recording": "The echo in my spare room is gone and my voice sounds dry.", "quiet": "They took some of the edge off the noise that reaches my neighbours."}),
    ("B0DEMO0014", "Phosphor bronze acoustic strings, light", ["Musical Instruments", "Strings", "Acoustic Guitar"], "Light gauge phosphor bronze acoustic guitar strings with a bright, balanced tone.", 5,
     {"worship": "Bright, ringing strings that are perfect for fingerpicking and strumming.", "beginner": "The light gauge is gentle on my sore fingertips.", "tone": "Rich overtones and long sustain on my old dreadnought."}),
    ("B0DEMO0015", "Nickel electric strings, regular gauge", ["Musical Instruments", "Strings", "Electric Guitar"], "Nickel-wound electric guitar strings, 10-46, for a classic balanced tone.", 5,
     {"gigging": "They stay in tune through a whole set of heavy bending.", "tone": "Warm vintage sound with a smooth feel under the fingers."}),
    ("B0DEMO0016", "Silk and steel folk strings", ["Musical Instruments", "Strings", "Acoustic Guitar"], "Low-tension silk and steel strings for a soft, mellow acoustic sound.", 2,
     {"worship": "A soft, mellow sound that suits quiet hymns and folk songs.", "beginner": "Low tension makes chords much easier to press down.", "quiet": "Softer and quieter than bronze strings, good for late practice."}),
    ("B0DEMO0017", "Nylon classical strings", ["Musical Instruments", "Strings", "Classical Guitar"], "Normal tension nylon strings for classical guitar.", 2,
     {"beginner": "My first classical guitar feels so much better with these.", "parent": "Easy on small fingers; my daughter practises longer now."}),
    ("B0DEMO0018", "Braided instrument cable, 6 m", ["Musical Instruments", "Cables", "Instrument Cables"], "A braided instrument cable with gold-plated straight jacks, 6 metres.", 5,
     {"gigging": "It survives being stepped on and dragged across stages every week.", "tone": "No treble loss even at six metres, my tone stays clear."}),
    ("B0DEMO0019", "XLR microphone cable, 5 m", ["Musical Instruments", "Cables", "Microphone Cables"], "A balanced XLR microphone cable with metal connectors.", 4,
     {"gigging": "Dead quiet and the connectors lock firmly.", "recording": "No hum in my recordings after I switched to this cable."}),
    ("B0DEMO0020", "Patch cables for pedalboards, 6 pack", ["Musical Instruments", "Cables", "Patch Cables"], "Six short flat patch cables with low-profile right-angle plugs.", 3,
     {"tone": "Low capacitance, my pedalboard sounds brighter with them.", "gigging": "The flat plugs save space and never come loose at shows."}),
    ("B0DEMO0021", "Spring-loaded guitar capo", ["Musical Instruments", "Guitar Accessories", "Capos"], "A spring-loaded trigger capo that moves with one hand.", 4,
     {"worship": "I change keys between songs with one hand and it never buzzes.", "beginner": "It let me play songs in the singer's key with the easy chord shapes."}),
    ("B0DEMO0022", "Guitar strap, padded leather", ["Musical Instruments", "Guitar Accessories", "Straps"], "A wide padded leather strap with strong end holes.", 3,
     {"gigging": "Comfortable through a three-hour gig and my shoulder does not ache.", "worship": "I stand for the whole service and the padding makes it easy."}),
    ("B0DEMO0023", "Strap locks, pair", ["Musical Instruments", "Guitar Accessories", "Straps"], "Locking strap buttons that stop the guitar from dropping.", 2,
     {"gigging": "My guitar has not hit the floor since I fitted them."}),
    ("B0DEMO0024", "Guitar string winder and cutter", ["Musical Instruments", "Guitar Accessories", "Tools"], "A string winder with a built-in cutter and bridge pin puller.", 3,
     {"beginner": "Changing strings for the first time was easy with this.", "gigging": "I restring between sets in a couple of minutes."}),
    ("B0DEMO0025", "Guitar humidifier", ["Musical Instruments", "Guitar Accessories", "Care"], "A soundhole humidifier that keeps acoustic guitars from drying out.", 2,
     {"worship": "My old acoustic stopped cracking in winter.", "tone": "The guitar keeps its resonance through the dry months."}),
    ("B0DEMO0026", "Folding guitar stand", ["Musical Instruments", "Stands", "Guitar Stands"], "A foldable A-frame guitar stand with padded arms.", 4,
     {"beginner": "Keeping the guitar on a stand means I pick it up and practise more.", "gigging": "Folds flat into my gig bag pocket.", "parent": "It keeps our son's guitar safe from the dog."}),
    ("B0DEMO0027", "Double-X keyboard stand", ["Musical Instruments", "Stands", "Keyboard Stands"], "An adjustable double-braced X stand for keyboards up to 88 keys.", 3,
     {"keys": "It holds my 88-key controller without any wobble.", "gigging": "Sets up in seconds at gigs and fits in the car."}),
    ("B0DEMO0028", "Adjustable microphone boom stand", ["Musical Instruments", "Stands", "Microphone Stands"], "A tripod microphone stand with a telescoping boom arm.", 4,
     {"gigging": "The clutch holds the height through a whole show.", "worship": "Our singers adjust it quickly between songs.", "recording": "The boom gets the mic close to the guitar without crowding me."}),
    ("B0DEMO0029", "Desktop microphone arm", ["Musical Instruments", "Stands", "Microphone Stands"], "A spring-balanced desk-mounted microphone arm.", 3,
     {"recording": "The mic floats in front of my face and stays out of the shot."}),
    ("B0DEMO0030", "Sheet music stand", ["Musical Instruments", "Stands", "Music Stands"], "A collapsible metal music stand with a carrying bag.", 3,
     {"parent": "Light enough for our son to carry to band practice.", "worship": "Holds a thick hymnal open without tipping."}),
    ("B0DEMO0031", "Drum practice pad, 12 inch", ["Musical Instruments", "Drums", "Practice Pads"], "A 12-inch gum rubber practice pad with a realistic rebound.", 4,
     {"drummer": "The gum rubber has a realistic rebound for rudiments.", "quiet": "I practise drums in my flat and the neighbours do not hear a thing.", "parent": "Our daughter practises for band without us losing our minds."}),
    ("B0DEMO0032", "Hickory drumsticks 5A, 4 pairs", ["Musical Instruments", "Drums", "Drumsticks"], "Four pairs of 5A hickory sticks with wood tips.", 5,
     {"drummer": "Balanced, consistent pairs that last through hard rock sets.", "parent": "Our son goes through sticks fast and these are good value."}),
    ("B0DEMO0033", "Drum mute pads set", ["Musical Instruments", "Drums", "Mutes"], "A set of rubber mute pads for a five-piece kit and cymbals.", 2,
     {"quiet": "My acoustic kit is now quiet enough for apartment practice.", "drummer": "They cut the volume but keep some stick feel."}),
    ("B0DEMO0034", "Bass drum pedal", ["Musical Instruments", "Drums", "Pedals"], "A chain-drive bass drum pedal with adjustable spring tension.", 2,
     {"drummer": "Smooth, fast action and the spring tension is easy to dial in.", "gigging": "It never slips on the stage carpet."}),
    ("B0DEMO0035", "Electronic drum kit, compact", ["Musical Instruments", "Drums", "Electronic Drums"], "A compact electronic drum kit with mesh heads and a headphone output.", 3,
     {"quiet": "Mesh heads and headphones mean I can drum at midnight.", "drummer": "The mesh heads feel close to a real kit.", "beginner": "Built-in lessons got me playing a beat on the first day."}),
    ("B0DEMO0036", "Metronome with tap tempo", ["Musical Instruments", "Instrument Accessories", "Metronomes"], "A digital metronome with tap tempo, subdivisions and a loud speaker.", 3,
     {"drummer": "The subdivisions are perfect for working on timing.", "beginner": "It taught me to keep time instead of rushing.", "parent": "Our son's teacher insisted on one and it is easy for him to use."}),
    ("B0DEMO0037", "49-key MIDI controller", ["Musical Instruments", "Keyboards", "MIDI Controllers"], "A 49-key velocity-sensitive USB MIDI controller with pads and knobs.", 4,
     {"keys": "The pads and knobs map straight into my DAW.", "recording": "I sketch melodies for my tracks without a full keyboard.", "beginner": "An affordable way to start playing keys on the computer."}),
    ("B0DEMO0038", "Weighted 88-key digital piano", ["Musical Instruments", "Keyboards", "Digital Pianos"], "An 88-key digital piano with hammer-action keys and built-in speakers.", 3,
     {"keys": "The hammer action feels close to an acoustic piano.", "quiet": "With headphones I play piano at night without waking anyone.", "parent": "Our daughter practises piano every day on it."}),
    ("B0DEMO0039", "Sustain pedal for keyboards", ["Musical Instruments", "Keyboards", "Pedals"], "A piano-style sustain pedal with polarity switch.", 3,
     {"keys": "A proper piano-style pedal that does not slide around."}),
    ("B0DEMO0040", "Portable analog synthesizer", ["Musical Instruments", "Keyboards", "Synthesizers"], "A compact monophonic analog synthesizer with a sequencer.", 2,
     {"keys": "Fat analog bass lines and the sequencer is a joy.", "tone": "The filter sounds warm and alive, nothing like plugins."}),
    ("B0DEMO0041", "Concert ukulele starter kit", ["Musical Instruments", "Ukuleles", "Kits"], "A concert ukulele with gig bag, tuner and spare strings.", 4,
     {"beginner": "Everything in one box, I was strumming songs the first evening.", "parent": "A perfect first instrument for our nine-year-old."}),
    ("B0DEMO0042", "Electric guitar starter pack", ["Musical Instruments", "Guitars", "Kits"], "A full-size electric guitar with a 10-watt practice amp, cable and strap.", 3,
     {"beginner": "The whole pack got me playing without buying anything else.", "parent": "Our son's first electric guitar and he loves it."}),
    ("B0DEMO0043", "Headphone guitar amplifier", ["Musical Instruments", "Amplifiers", "Headphone Amps"], "A plug-in headphone amplifier for guitar with clean and drive channels.", 3,
     {"quiet": "I plug it into my guitar and play silently on headphones.", "beginner": "Cheap and simple way to practise without a big amp."}),
    ("B0DEMO0044", "20-watt tube combo amplifier", ["Musical Instruments", "Amplifiers", "Guitar Amps"], "A 20-watt all-tube combo amp with a 12-inch speaker and spring reverb.", 3,
     {"tone": "Real tube warmth and sag, it breaks up beautifully.", "gigging": "Loud enough for small pubs and light enough to carry."}),
    ("B0DEMO0045", "Acoustic guitar pickup", ["Musical Instruments", "Guitar Accessories", "Pickups"], "A soundhole magnetic pickup for acoustic guitars, no drilling needed.", 2,
     {"worship": "Our acoustic now plugs into the church PA without feedback.", "gigging": "I play acoustic sets in bars and it fits in minutes."}),
    ("B0DEMO0046", "Wireless guitar system", ["Musical Instruments", "Cables", "Wireless Systems"], "A 2.4 GHz wireless transmitter and receiver for guitar, about 30 m range.", 2,
     {"gigging": "I walk into the crowd without tripping over cables.", "worship": "No cables across the stage during services."}),
    ("B0DEMO0047", "Guitar cleaning and polish kit", ["Musical Instruments", "Guitar Accessories", "Care"], "A polish, fretboard oil and microfibre cloth kit.", 2,
     {"tone": "My vintage guitar looks and feels like new.", "parent": "Helps our son keep his guitar in good shape."}),
    ("B0DEMO0048", "Hardshell guitar case", ["Musical Instruments", "Cases", "Guitar Cases"], "A hardshell case with plush lining and locking latches.", 3,
     {"gigging": "My guitar survived being thrown in the van with the drums.", "tone": "Keeps my vintage guitar safe and humid."}),
]

TITLES_GOOD = ["Exactly what I needed", "Does the job", "Very happy", "Recommended", "Great value", "Solid choice", "Love it", "Works well"]
TITLES_BAD = ["Disappointed", "Not for me", "Would not buy again", "Falls short"]


def main(out: Path) -> None:
    rng = random.Random(SEED)
    kinds = list(KINDS)
    by_kind = {k: [it for it in ITEMS if k in it[5]] for k in kinds}
    reviews = []
    for n in range(220):
        user = f"DEMOUSER{n:04d}"
        primary = rng.choice(kinds)
        secondary = rng.choice([k for k in kinds if k != primary])
        count = rng.randint(3, 9)
        day = rng.randint(0, 200)
        seen = set()
        for _ in range(count):
            kind = primary if rng.random() < 0.8 else secondary
            pool = [it for it in by_kind[kind] if it[0] not in seen]
            if not pool:
                continue
            item = rng.choices(pool, weights=[it[4] for it in pool])[0]
            seen.add(item[0])
            kind_text = KINDS[kind]
            happy = rng.random() < 0.85
            sentences = [rng.choice(kind_text["context"]), item[5][kind]]
            sentences.append(rng.choice(kind_text["praise"] if happy else kind_text["gripe"]))
            rating = float(rng.choice([4, 5, 5]) if happy else rng.choice([1, 2, 3]))
            day += rng.randint(5, 60)
            reviews.append({
                "reviewerID": user,
                "asin": item[0],
                "overall": rating,
                "summary": rng.choice(TITLES_GOOD if happy else TITLES_BAD),
                "reviewText": " ".join(sentences),
                "unixReviewTime": START + day * DAY,
            })
    reviews.sort(key=lambda r: (r["unixReviewTime"], r["reviewerID"]))
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "demo-music-reviews.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for r in reviews:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(out / "demo-music-meta.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for it in ITEMS:
            f.write(json.dumps({"asin": it[0], "title": it[1], "categories": [it[2]], "description": it[3]}, ensure_ascii=False) + "\n")
    print(f"{len(reviews)} reviews of {len(ITEMS)} items by 220 users written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "samples/data"))
