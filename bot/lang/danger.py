"""Danger detector: phrases that mean "in danger now" or "thinking of ending my life".

A backstop for the intent classifier, never a replacement: a message matching here is answered
as an emergency even when the classifier is unsure or wrong. A false alarm costs one extra
message with helpline numbers; a miss can cost a life, so patterns err on the side of firing.

Patterns run on `normalise(text)`: lower case, Hinglish spellings folded ("bchao" -> "bachao",
"mje" -> "mujhe", "maar" -> "mar"), Devanagari digits as ASCII.
"""
import re
from dataclasses import dataclass
from typing import Optional

from bot.lang.normalise import normalise

EMERGENCY = "emergency"
SELF_HARM = "self_harm"

# Optional Devanagari nukta and nasal marks: "ज़हर"/"जहर", "जाऊँगी"/"जाऊंगी".
N = "\u093c?"
NASAL = "[\u0901\u0902]?"

_SELF_HARM = [
    # romanized Hindi
    r"\b(suicide|sucide|suside|khudkushi|khudkhushi|aatmhatya|atmhatya|aatmahatya)\b",
    r"\bmar(na|ne)? (jana|jaana|jaun|jaungi|jaunga|jaugi|jaoon|jaoongi|chahti|chahta|chahiye)\b",
    r"\bmar jaungi\b|\bmar hi jaungi\b|\bmarna hai mujhe\b|\bmujhe marna\b",
    r"\b(jaan|jan) de (dungi|dunga|doongi|du|dun|dena)\b",
    r"\b(apni|apne aap ki|khud ki) (jaan|jan) (le|lena|le lungi|lungi)\b",
    r"\b(jeena|jina|jine|jeene) (ka|ki)? ?(man|mann|mn|iccha|ichha|wajah|fayda|faayda|koi)? ?nahi\b",
    r"\bnahi (jeena|jina|jeeni|jini) (hai|chahti|chahta)?\b|\bab (jeena|jina) nahi\b",
    r"\b(zeher|zehar|jeher|jahar|zahar|poison) (kha|pee|pi|le)\b",
    r"\b(neend|nind|sleeping) (ki|ke)? ?(goli|goliyan|goliya|pills|tablet)\b",
    r"\b(phansi|fansi|fanda|phanda|faansi|phaansi)\b",
    r"\b(nadi|nahar|gomti|ganga|yamuna|pul|chhat|chat|building) (me|mein|se) (kood|kud|chhalang)\b",
    r"\b(train|metro) (ke|ki) (aage|neeche|samne)\b",
    r"\b(khud|apne aap) ko (khatam|khtm|nuksan|nuksaan|hurt|chot|maar|mar|kaat)\b",
    r"\b(sab|sabkuch|sab kuch|zindagi|life) (khatam|khtm|end) kar (dungi|lungi|dunga|lunga|du|lu|rahi|deti)\b",
    r"\b(nas|nasen|kalai|wrist) (kaat|kat)\b",
    r"\bmere bina\b|\bchali jaungi\b|\bmere marne ke baad\b|\bmarne ka (sabse )?(aasan|asan|easy)? ?(tarika|tareeka|rasta)\b",
    r"\b(jeene|jine|jeena|jina) (ka|ki|ke) koi (fayda|faayda|wajah|vajah|matlab|reason)\b|\bfayda nahi (jeene|jine)\b",
    r"\bnahi (jee|ji) (sakti|sakta|paungi|pa rahi)\b|\bnahi jeena\b|\b(jaan|jan) dena\b",
    r"\b(haath|hath|kalai|nas) kaat\b|\bblade se\b|\bblade (chalaya|chala|chalaa|maar|mar|mara|lagaya)\w*\b|\b(pankhe|pankha|fan) se\b|\b(dupatta|rassi|rassa) (baandh|bandh|bandha)\b",
    r"\bpaida (hi )?na\b|\blast (msg|message)\b|\b(aakhri|akhri|aakhiri) (msg|message)\b",
    r"\bhamesha ke liye (chali|chala|gayab|so|chup)\b|\bzindagi se (haar|har|thak)\b|\bthak (gayi|gyi) hoon zindagi\b",
    r"\b(zindagi|life) (ka|ki) koi (matlab|mtlb|maksad)\b|\b(bojh|boj)\b",
    r"\baag laga (lungi|lu|dungi|loongi)\b|\b(goli|goliyan|goliya|pills|tablets|dawai|dawaiyan) kha (li|liye|lungi|lu)\b",
    r"\bmar (jau|jaau|jaoon|jaun) to\b|\bmar jaun\b",
    r"\b(nigal|nigli|nigla)\b|\b(keetnashak|kitnashak|pesticide|rat poison|chuhe maar)\b",
    r"\b(munder|munde|ledge|edge of the (terrace|roof|bridge))\b|\bek kadam\b|\bone step (left|away)\b",
    r"\b(duniya|dunia) (se|chhod|chod)\b|\b(leave|leaving|quit) this world\b",
    r"\b(sabko|sab ko) (alvida|alwida|bye)\b|\bgoodbye (all|everyone|everybody|world)\b",
    r"\bwapas nahi (jaungi|aaungi|aungi)\b|\bnot coming back\b|\bnahi (rahungi|rahoongi|bachungi)\b",
    r"\b(won'?t|will not|wont) be (here|alive|around)\b",
    r"\bsab (khatam|khtm) (kar|karne|krne)\b|\bkoi rasta nahi\b|\bno way out\b",
    r"\b(mummy|mumma|maa|papa|parents?) (papa )?ko (bata|bol|keh)\w* .*(pyaar|pyar|sorry|maaf)\b|\btell my (parents|mom|mum|family|kids) (i|that i) (love|loved)\b",
    r"\b(khud|apne aap) ko (jala|jalati|jalaungi|kaat|kaatti)\b|\bburn(ing)? myself\b",
    r"\bsu+[ie]?c+[ie]?d+e?\b|\bsuis+ide\b|\bsuiside\b|\bsucide\b",
    r"\b(how many|kitni) (pills|tablets|goli|goliyan)\b|\bdis+ap+ear (for good|forever)\b",
    r"\b(\d+|saari|sari|bahut|kai|sab|sabhi) (goli|goliyan|goliya|tablet|tablets|pills|dawai|dawaiyan)\b.*\bkha (li|liye|lee|lin)\b",
    # A farewell: "bacho ka dhyan rakhna, mai ja rahi hu" (not "... jab tak mai bazaar jaun").
    r"\b(bachon|bacho|bachchon|bachcho|bachhon) ka (dhyan|dhyaan|khayal|khyal) rakh\w*\b.*\b(ja rahi|jaa rahi|chali|alvida|hamesha|bye)\b",
    r"\b(ja rahi|jaa rahi|chali|alvida|hamesha)\b.*\b(bachon|bacho|bachchon|bachcho|bachhon) ka (dhyan|dhyaan|khayal|khyal) rakh",
    # English
    r"\b(kill|killing|hang|hanging|hurt|hurting|cut|cutting|harm|harming) myself\b",
    r"\b(dying|death|being dead) (is|would be) better\b|\bbetter (to die|off dying)\b",
    r"\bswallow\w* (all|every|the whole|a whole|all of)\b|\b(think|thinking|thought)\w* (about|of) (dying|death|ending it|killing myself)\b",
    r"\bwhat'?s the (use|point) of (this |my )?(life|living)\b",
    r"\b(take care of|look after) my (kids|children|baby|son|daughter)\b.*\b(going|goodbye|bye|forever|gone|leaving)\b",
    r"\b(end|ending|take|taking) (my|my own) life\b|\bend it all\b|\bend everything\b",
    r"\b(want|wanna|going|wish|ready) (to )?die\b|\bwish i (was|were) dead\b|\brather be dead\b",
    r"\b(don't|dont|do not) want to (live|be alive|wake up|exist)\b",
    r"\b(no|nothing) (reason|point) (to|in) (live|living|go on|going on)\b",
    r"\b(can't|cant|cannot) (live|go on|take it) (like this )?any ?more\b",
    r"\bbetter off (without me|dead)\b|\boverdose\b|\bjump (off|from|in front)\b",
    r"\bsuicidal\b|\bself[ -]?harm|\bpoison\b|\b(easiest|best|painless|quickest) way to die\b|\bhow to die\b",
    r"\bmy last message\b|\bnever (been )?born\b|\b(miss|remember) me (if|when) i('m| am)? ?(gone|dead)\b",
    r"\bcut(ting)? (my|both) (wrist|wrists|arm|arms|vein|veins)\b|\b(rope|noose)\b|\bset myself on fire\b",
    r"\btired of (living|life|being alive)\b|\bmeaningless\b|\b(i'm|i am|im) a burden\b|\bjust disappear\b",
    r"\breason to (stay alive|live|go on)\b|\bnever wake up\b|\bif i live or die\b|\b(i'm|i am|im) done\b",
    # Devanagari
    "आत्महत्या|ख" + N + "ुदकुशी|सुसाइड",
    "मर" + NASAL + "(ना|ने)? (जाना|जाऊ" + NASAL + "|जाऊ" + NASAL + "गी|जाउ" + NASAL + "गी|चाहती|चाहता)",
    "जान दे (द" + NASAL + "ूंगी|दूँगी|दूंगी|दूगी|दूं|दूँ|देना)",
    "(अपनी|ख" + N + "ुद की) जान (ले|लेना|ले लूंगी|ले लूँगी)",
    "(जीने|जीना|जिंदा रहने|ज़िंदा रहने) (का|की)? ?(मन|इच्छा|वजह|फ़ायदा|फायदा|कोई)? ?नहीं",
    "नहीं (जीना|जीनी|रहना)",
    "(ज" + N + "हर|पॉइज़न) (खा|पी|ले)",
    "नी" + NASAL + "द की (गोली|गोलियां|गोलियाँ|दवा)",
    "फा" + NASAL + "सी|फंदा|फन्दा",
    "(नदी|नहर|गोमती|गंगा|यमुना|पुल|छत) (में|से) (कूद|छलांग)",
    "(ट्रेन|रेल) (के|की) (आगे|नीचे)",
    "(ख" + N + "ुद|अपने आप) को (ख" + N + "त्म|खत्म|नुकसान|नुक़सान|चोट|मार|काट)",
    "(सब|सबकुछ|सब कुछ|ज" + N + "िंदगी|जिंदगी) (ख" + N + "त्म|खत्म) कर (दूंगी|दूँगी|लूंगी|लूँगी|दूगी|लूगी)",
    "मेरे बिना|होना न होना|मेरे मरने के बाद|मरने का .*तरीका",
    "(जीने|जीना) (का|की|के) कोई (फ" + N + "ायदा|वजह|मतलब)|नहीं जी (सकती|सकता|पाऊंगी|पाऊँगी)",
    "(कलाई|नस) (पर|पे|में)? ?([^ ]+ ){0,3}(कट|काट)|बच्चों का (ध्यान|ख्याल|ख़्याल) रख.*(जा रही|चली|अलविदा|हमेशा)",
    "(हाथ|कलाई|नस) काट|ब्लेड से|ब्लेड (चलाया|चला|मार|मारा|लगाया)|पंखे से|(दुपट्टा|रस्सी) (बांध|बाँध)",
    "पैदा ही न|आख" + N + "िरी (मैसेज|संदेश)|हमेशा के लिए (चली|गायब|सो)|(जिंदगी|ज" + N + "िंदगी) से (हार|थक)",
    "(जिंदगी|ज" + N + "िंदगी) का कोई (मतलब|मक" + N + "सद)|बोझ|आग लगा (लूंगी|लूँगी|दूंगी)",
    "(गोली|गोलियां|गोलियाँ|दवाई|दवाइयां) खा (ली|लीं|लूंगी|लूँगी)",
    "निगल|कीटनाशक|चूहे मार|मुंडेर|एक कदम|(दुनिया|दुनियाँ) (से|छोड़)|(सबको|सब को) अलविदा",
    "वापस नहीं (जाऊँगी|जाऊंगी|आऊँगी|आऊंगी)|नहीं (रहूँगी|रहूंगी|बचूँगी)|सब (ख" + N + "त्म|खत्म) कर|कोई रास्ता नहीं",
    "(मम्मी|माँ|मां|पापा) .*(प्यार|माफ़|माफ)|(ख" + N + "ुद|अपने आप) को (जला|काट)",
    # Added after the third blind danger set (2026-12-05; docs/benchmarks.md): being held with her
    # phone taken, a spiked drink, surrounded, a child taken or abused now, cut-short arrivals,
    # veiled farewells. Latin first, then Devanagari (tests/data/danger_phrases.yml pins each).
    r"\b(sulphas|sulfas|salphas|celphos|selphos)\b",
    r"\b(maaf|maf|sorry)\w*( (karna|kar dena|krna|kr dena))?\b.*\b(mummy|mumma|maa|papa|mom|mum|dad|parents)\b",
    r"\bno ?one (will|would|is going to) (miss|care about|notice) me\b|\b(koi|kisi ko) (mujhe )?(yaad|miss) nahi (karega|karegi|karenge)\b",
    r"\bwon'?t need (them|it|these|those|anything) (any ?more|again|where i)\b|\bgave away (all )?(my|of my) (things|stuff|belongings)\b.*\b(need|anymore|any more|last)\b",
    r"\b(letters?|notes?) (to|for) my (family|parents|kids|children|mom|mum|husband)\b|\bsuicide note\b|\btonight is the night\b|\bthis is (my )?goodbye\b",
    r"\bnothing left (for me|to live for)\b|\b(can'?t|cannot|cant) do this any ?more\W*$",
    r"\b(aakhri|akhri|aakhiri|aakhari) (baar|bar)\b.*\b(baat|mil|dekh)\w*|\b(one|for the) last time\b.*\b(talk|speak|hear|see)\b",
    "सल्फास",
    "(माफ|माफ़) (करना|कर देना|करें|कर दो).*(मम्मी|माँ|मां|पापा)|मुझे कोई (याद|मिस) नहीं करेगा",
    "(आख" + N + "िरी|आखरी) बार .*(बात|मिल|देख)",
]

_EMERGENCY = [
    # romanized Hindi
    r"\bbachao\b|\bbacha lo\b|\bbachaiye\b|\bbacha (do|lijiye)\b|\bsos\b",
    r"\b(mujhe|hume|humko|mujhko|meri|mere|maa|beti|bachche|bacchon|behen|didi|bhabhi)? ?(ko )?(mar|pit|peet|maarpeet|marpeet) (raha|rahe|rahi|rha|dala|diya|dega|denge|dalega|dalenge|dalunga)\b",
    r"\b(jaan|jan) se (mar|khatam)\b|\b(jaan|jan) (ka|ko) (khatra|khtra|khatara)\b",
    r"\bmar (dalega|dalenge|dalegi|dala|dalunga|denge|dega|degi)\b",
    r"\b(ghus|ghusa|ghus aaya|ghus aya|ghus gaya|ghus gye|ghus aaye|ghuss)\b",
    r"\b(darwaza|darwaja|darvaja|gate|kamra|kamre|room) (tod|todd|tor|band kar)\b",
    r"\b(kidnap|kidnaping|kidnapping|apharan|agwa|utha le|utha kar le|uthake le)\b",
    r"\b(acid|tezab|tejab)\b",
    r"\b(rape|balatkar|balaatkar|rep kar)\b",
    r"\b(zabardasti|jabardasti) (gaadi|gadi|car|auto|ghar|kamre)\b",
    # "abhi tak" is "so far" ("abhi tak kuch kaha nahi"), not "right now".
    r"\babhi\b(?! tak).*\b(picha|peecha|ghoor|chhed|pakad|kheench|khich|dhamki|mar|pit|ghus)\b",
    r"\b(picha|peecha|ghoor|chhed|pakad|kheench|khich|dhamki|mar|pit|ghus)\b.*\babhi\b(?! tak)",
    r"\b(khatre|khatra) (me|mein)\b|\bjaldi (aao|aaiye|aa jao|bhejo|police)\b|\bpolice (bhejo|bulao|bhej do)\b",
    # Strangling, tried or done ("gala dabane ki koshish ki"): a sign of lethal danger, never told as calm.
    r"\b(gala|gardan) (daba|dabaa|dab|ghont|ghot)\w*|\bchaku\b|\bchaaku\b|\bchhuri\b|\bbanduk\b|\bpistol\b|\bkatta\b",
    r"\bband kar (diya|rakha|ke rakha)\b|\block kar (diya|rakha)\b|\bjaane nahi (de|dega|de raha)\b",
    r"\b(ghere|ghera|gher) (kar|ke|liya|hue|rakha|lia)\b|\bpeeche (pade|pada|padi)\b|\b(peeche|pichhe) (hai|aa raha)\b",
    r"\b(chhu|chhoo|chu) (raha|rahe)\b|\b(haath|hath|dupatta) pakad\b|\bpakad (liya|rakha|li)\b",
    r"\b(jala|jalane|jalaane) (de|denge|dega|dene|wale|ki koshish)\b|\b(mitti ka tel|kerosene|petrol) (dal|daal)\b|\baag laga (denge|dega|dene)\b",
    r"\b(hamla|humla)\b|\b(khoon|khun) (beh|nikal)\b|\b(fans|phans|fas) (gayi|gyi|hui|hoon)\b|\bchhup(i|a)? (hui|hoon|rahi)\b",
    r"\b(bandook|banduk|bandooq|gun) (tan|taan|dikha|laga)\b|\ble ja raha\b|\ble jaane ki koshish\b",
    r"\b(ruk|rok) nahi raha\b|\bkoi (to )?aao\b|\bkoi aa jao\b|\bturant\b|\bdar lag raha\b|\bdari hui\b",
    r"\bpicha kar (raha|rahe|rahi)\b|\b(zabardasti|jabardasti) (kheench|khinch|khich|le ja|pakad)\b",
    r"\b(peeche|piche|pichhe) (chal|aa|pada|pad)\w* (raha|rahi|rhi|rha|rahe)\b|\b(has been|have been|keeps?) following me\b",
    r"\b(ghaseet|ghasit|ghasiit)\w*\b|\b(dragging|pulling|pulled) me\b|\bby my hair\b|\bbaal pakad\w*\b",
    r"\b(help|hlp|halp|madad|madat)\w*\b.*\b(jaldi|fast|quick|quickly|asap|turant)\w*\b|\bjaldi\w* (aao|madad|help)\b",
    r"\b(chup|chhup)\w* (hoon|hui|rahi|ke)\b|\bhiding\b",
    # He is at her door now ("ghar ke bahar khada hai"); a habit ("khada rehta hai") is a report.
    r"\b(ghar|gate|darwaze|darwaje|room|kamre|hostel) (ke )?(bahar|samne|saamne) (khada|khade|baitha|baithe|aa gaya|aa gaye)\b(?! (rehta|rahta|rehte|hota))",
    r"\b(is|are) (standing |waiting )?(outside|in front of) (my|our|the) (house|home|door|room|hostel|gate)\b",
    r"\bbahar nahi (jane|jaane) de\b|\bphone bhi (cheen|chheen|chin)\w*\b|\blocked (me )?in\b",
    r"\b(beti|beta|bachi|bachchi|bachche|bachcha|daughter|son|child|baby)\b.*\b(le gaya|le gya|le gaye|le gye|took|taken|kidnap)\w*",
    r"\b(won'?t|wont|will not) stop\b|\bheading (towards|to|into)\b|\b(shoot|shot) me\b|\bgoli mar\w*\b",
    r"\b(at|outside) (my|the) door\b.*\b(now|right now|abhi)\b",
    r"\bbhaag rahi\b|\bbhagne ki koshish\b|\bbhaagne ki koshish\b|\b(woh|wo) (yahi|yahin|yaheen) (hai|hain)\b",
    # English
    r"\bhelp me\b(?! (with|understand|to |file|know|find|out|in |about|report|please with))|\bsave me\b|\bsomebody help\b|\bsomeone help\b|\bplease help\b.*!|\bhelp ?!{2,}",
    r"\b(is|are|keeps|keep|started|start) (hitting|beating|attacking|choking|strangling|chasing|grabbing|dragging) (me|us|my)\b",
    r"\b(hitting|beating|attacking|choking|strangling|chasing|grabbing|dragging|strangle|strangled|choke|choked) me\b",
    r"\b(kill|murder) (me|us|my)\b|\bgoing to kill\b|\bgonna kill\b|\bwill kill\b|\bthreatening to kill\b",
    r"\bfollow(ing|ed)? me\b.*\b(now|right now|still)\b|\b(now|right now)\b.*\bfollow(ing|ed)? me\b",
    r"\bbeing followed\b|\bsomeone is following\b|\bhe is following\b|\bthey are following\b|\b(is|are) following (me|us)\b",
    r"\b(broke|broken|breaking|break) (in|into)\b|\b(locked|lock) me\b|\btrapped\b",
    r"\b(kidnap|kidnapped|kidnapping|abduct|abducted)\b|\bforc(ed|ing) me into\b|\bacid\b",
    r"\b(rape|raped|raping|molest|molested|molesting)\b|\bassault(ed|ing)?\b",
    r"\bin danger\b|\bemergency\b|\bcall (the )?police\b|\bsend (the )?police\b|\bnot safe\b",
    r"\b(knife|gun|pistol)\b|\bwith a (knife|gun|rod|stick)\b",
    r"\b(come|send someone) (fast|quick|quickly|now|asap)\b|\bsurrounded\b|\bgroping\b|\b(banging|knocking) on (the|my) door\b",
    r"\b(break|open|opening|breaking) (the|my) door\b|\blooking for me\b|\bhiding\b|\btook my (daughter|son|child|baby)\b",
    r"\bburn me\b|\bset me on fire\b|\bnot stopping\b|\btaking me somewhere\b|\b(won't|wont|will not) let me\b",
    r"\b(can't|cant|cannot) get out\b|\bno one is helping\b|\b(alone|scared) and (someone|he|they)\b|\bbleeding\b",
    # Devanagari
    "बचाओ|बचा लो|बचाइए|बचाइये|बचा लीजिए|बचाव करो",
    "(मार|पीट|मारपीट) (रहा|रहे|रही|डाला|दिया|डालेगा|डालेंगे|देगा|देंगे|डालूंगा)",
    "जान से (मार|ख" + N + "त्म)|जान (का|को) ख" + N + "तरा",
    "घुस (आया|आए|आये|गया|गए|गये|रहा|रहे)|घुसा",
    "(दरवाज" + N + "ा|दरवाजा|कमरा|कमरे) (तोड़|तोड|बंद कर)",
    "अपहरण|किडनैप|उठा (ले|कर ले)",
    "तेज" + N + "ाब|एसिड",
    "बलात्कार|रेप",
    "(ज" + N + "बरदस्ती|जबरदस्ती) (गाड़ी|गाडी|कार|घर|कमरे)",
    "अभी(?! तक).*(पीछा|घूर|छेड़|पकड़|खींच|धमकी|मार|पीट|घुस)",
    "(पीछा|घूर|छेड़|पकड़|खींच|धमकी|मार|पीट|घुस).*अभी(?! तक)",
    "ख" + N + "तरे में|जल्दी (आओ|आइए|आइये|भेजो|पुलिस)|पुलिस (भेजो|बुलाओ|भेज दो)",
    "(गला|गर्दन) (दबा|दबाया|दबा रहा|घोंट|घोट)|चाकू|छुरी|बंदूक|पिस्तौल|कट्टा",
    "बंद कर (दिया|रखा|के रखा)|जाने नहीं दे|उतरने नहीं दे|घेर (कर|लिया|रखा)|घेरे (हुए|हैं)|पीछे पड़े",
    "(पेट्रोल|केरोसिन|किरोसिन|मिट्टी का तेल) (डाल|छिड़क|उड़ेल)",
    "छू रहा|छू रहे|हाथ पकड़|पकड़ (लिया|रखा|ली)|जला (देंगे|देगा|दिया|देने)|आग लगाने|मिट्टी का तेल|हमला|खून (निकल|बह)",
    "फ" + N + "ंसी हुई|फंस गई|छुपी (हुई|हूं|हूँ)|ले जा रहा|ले जाने की कोशिश|रोक नहीं रहा|रुक नहीं रहा|अंदर आने की कोशिश",
    "पीछा कर (रहा|रहे|रही)|(ज" + N + "बरदस्ती|जबरदस्ती) (खींच|ले जा|पकड़)",
    "पीछे (चल|आ) (रहा|रही|रहे)|घसीट|बाल पकड़|(मदद|बचाओ)\\w* .*जल्दी|मददद|बाहर नहीं जाने|(फ़ोन|फोन) भी छीन",
    "(बेटी|बेटा|बच्ची|बच्चे|बच्चा) .*(ले गया|ले गए|ले गई|उठा)|गोली मार|छुपी|छिपी",
    "कोई तो आओ|कोई (आओ|आ जाओ)|तुरंत|डर लग रहा|वो यहीं है|भाग रही|मदद करो",
    "(घर|दरवाज" + N + "े|दरवाजे|गेट|कमरे|हॉस्टल) (के )?(बाहर|सामने) (खड़ा|खड़े|बैठा|बैठे|आ गया|आ गए)(?! (रहता|रहते|होता))",
    # Added after the third blind danger set (2026-12-05; docs/benchmarks.md): being held with her
    # phone taken, a spiked drink, surrounded, a child taken or abused now, cut-short arrivals,
    # veiled farewells. Latin first, then Devanagari (tests/data/danger_phrases.yml pins each).
    r"^(woh|vo|voh) (aa|a) (gaya|gaye)( hai)?\W*$|^(he'?s|hes|he is|they'?re|theyre|they are) (here|back|outside)\W*$",
    r"\b(coming|came|walking) up the stairs\b|\bi (can )?hear (him|them|someone|footsteps)\b",
    r"\b(dusre|doosre|dusra|kisi aur ke|dost ke|padosi ke) (phone|mobile) se (msg|message|likh|kar rahi|bol rahi|baat)\w*|\bmessag\w* from (a |my )?(friend'?s|friends|another|someone'?s|someone elses?) (phone|mobile)\b|\b(they|he|she) took (mine|my phone)\b",
    r"\b(being )?(kept|held|locked up) (in a room|captive|hostage|prisoner)\b|\bbeing kept\b|\b(bandhak|bandi bana|kaid kar|kaid me|kaid mein)\b",
    r"\b(hath|haath) (pair|paon|paanv|paer) (baandh|bandh|baand)\w*\b|\btied (me )?up\b",
    r"\b(drink|juice|chai|coffee|pani|paani|khane|khana|cold drink|sharbat)\w* (me|mein) kuch (mila|milaa|daal|dal) (diya|diye|dia|di|hai)\b|\bkuch (pila|khila|sungha) (diya|diye|dia|di)\b|\b(spiked|drugged)\b|\b(something|smthng|somethin) in my (drink|juice|tea|coffee|food|cold drink)\b",
    r"\b(\d+|two|three|four|five|some|few|group of|bunch of|drunk) (men|guys|boys|drunks|ladke|aadmi)\b.*\b(around me|surround\w*|standing around)\b",
    r"\b(bache|bacche|bachhe|bachi)\b.*\b(le gaye|le gaya|le gye|le gya)\b",
    r"\b(beti|beta|bachi|bachchi|bacha|bachcha|bache)\b.*\b(nahi lauti|nahi lauta|nahi aayi|nahi aaya|gayab|lapata|missing)\b|\bmy (daughter|son|child|kid|baby)\b.*\b(missing(?! (school|class|classes|her|him|you|me))|not come back|hasn'?t come|didn'?t come|not back)\b",
    r"\b(bachi|bachchi|bache|bachche|bachcha|cousin|niece|beti|bhanji|bhatiji)\b.*\bgalat (kar|kr|harkat)\w*|\btouching (my )?(little |younger |small )?(cousin|sister|daughter|niece|girl|child|kid|son)\b",
    r"\b(touch|chhu|chu)\w* (kar )?(raha|rahe) hai\b|\b(is|are) touching me\b",
    r"\b(kulhadi|kulhari|kulhaadi|axe|darati|hasiya|gandasa)\b",
    r"\b(auto|cab|taxi|ola|uber|rapido|driver|rickshaw|bus)\b.*\b(route|rasta|raasta|raste|road|way)\b.*\b(badal|hat|chhod|change|wrong|galat|different|sunsaan|sunsan)\w*",
    r"\b(peeche|pichhe|piche) (pda|pada|pade|padi|pdi)\b",
    r"\bkhol (warna|varna|nahi to)\b|\bopen (the door )?or (else|i will|ill)\b",
    r"\b(ghar|hostel|room) tak (aa|a) (gaya|gaye)\b|\bfollowed me (home|to my (house|home|hostel|room))\b",
    "^(वो|वह) (आ गया|आ गए)( है)?\\W*$",
    "(दूसरे|किसी और के|दोस्त के) (फोन|फ़ोन|मोबाइल) से (मैसेज|लिख|कर रही|बात)|बंधक|कैद (कर|में)",
    "(हाथ|हाथ-पैर|हाथ पैर) (बांध|बाँध)",
    "कुछ (पिला|खिला|सुंघा) (दिया|दी)|(ड्रिंक|जूस|चाय|कॉफी|पानी|खाने|शरबत) (में|मे) कुछ (मिला|डाल)",
    "घेर के",
    "(बेटी|बेटा|बच्ची|बच्चा|बच्चे) .*(नहीं लौट|नहीं आई|नहीं आया|गायब|लापता)|(बच्ची|बच्चे|बेटी|भांजी|भतीजी) .*गलत (कर|हरकत)|(टच|छू) कर (रहा|रहे) है",
    "कुल्हाड़ी|कुल्हाडी|गंडासा|हंसिया",
    "(ऑटो|ओला|उबर|कैब|टैक्सी|ड्राइवर|रिक्शा).*(रूट|रास्त).*(बदल|हट|गलत|छोड़|सुनसान)",
    "खोल (वरना|नहीं तो)|घर तक (आ गया|आ गए|पहुंच)",
]

_SELF_HARM_RE = [re.compile(p) for p in _SELF_HARM]
_EMERGENCY_RE = [re.compile(p) for p in _EMERGENCY]

# Longer messages are cut before matching: the regexes stay linear, and danger words
# are never buried 4,000 characters deep in a message typed in panic.
MAX_CHARS = 4000


# A threat told as past and over ("he threatened acid six months ago, should I report it?") is a
# report, not an emergency: such a message goes to the classifier instead of raising the alarm.
# Months or years ago is past; days or weeks ago only when she also says it is calm now ("last week
# he threatened to kill me" still gets the numbers and "are you safe now?"). Never when anything
# in it says now, again or still, and never for self-harm (14416 is always offered).
_MONTHS_AGO = re.compile("|".join([
    r"\b(\d+|ek|do|teen|char|chaar|paanch|panch|chhe|chhah|saat|kai|kuch) (mahine|mahina|mahino|saal|sal|baras) (pehle|pahle|purani|purana|ho gaye|ho gayi|ho gaya)\b(?! se)",
    r"\b(pichhle|pichle|pichhli|pichli) (saal|sal|mahine)\b|\bbreakup ke (time|samay|waqt)\b|\bshaadi ke shuru (me|mein)\b",
    r"\b(\d+|a few|few|two|three|four|six|several|some|many) (months|years) ago\b|\b(months|years) ago\b",
    r"\blast (year|month)\b|\bwhen we broke up\b|\b(that|this) was (months|years|long) ",
    "(?<!\\d)(\\d+|एक|दो|तीन|चार|पांच|पाँच|छह|छः|सात|कई|कुछ) (महीने|महीना|साल|बरस) (पहले|पुरानी|पुराना|हो गए|हो गये|हो गई)(?! से)",
    "पिछले (साल|महीने)|रिश्ता टूटने पर|शादी के शुरू में",
]))
_DAYS_AGO = re.compile("|".join([
    r"\b(\d+|ek|do|teen|char|chaar|paanch|panch|chhe|chhah|saat|kai|kuch) (din|dino|hafte|hafta|hafton) (pehle|pahle|purani|purana|ho gaye|ho gayi|ho gaya)\b(?! se)",
    r"\b(pichhle|pichle) hafte\b|\b(\d+|a few|few|two|three|several|some) (days|weeks) ago\b|\bweeks ago\b|\blast week\b",
    "(?<!\\d)(\\d+|एक|दो|तीन|चार|पांच|पाँच|छह|छः|सात|कई|कुछ) (दिन|हफ्ते|हफ़्ते|हफ्ता) (पहले|पुरानी|पुराना|हो गए|हो गये|हो गई)(?! से)",
    "पिछले (हफ्ते|हफ़्ते)",
]))
_CALM_NOW = re.compile("|".join([
    r"\bab (sab )?(theek|thik|shant|normal) (hai|hain|ho gaye|ho gaya)\b",
    r"\b(he'?s|he is|they are|things are|it'?s|all is) (calm|fine|okay|ok|normal) now\b",
    "अब (सब )?(ठीक|शांत|नॉर्मल) (है|हैं|हो गए|हो गया)",
]))
_NOW_OR_AGAIN = re.compile("|".join([
    r"\babhi\b(?! (tak|sab|theek|thik|shant|normal))|\b(right now|at the moment|tonight|aaj raat|turant|jaldi)\b",
    r"\b(bachao|bacha lo|save me|help me|police bhejo)\b|\b(fir|phir) se\b|\bdobara\b|\bagain\b|\bwapas aa",
    r"\bcame back\b|\bis (here|outside|coming)\b|\bkhada (hai|hua)\b|\baa (gaya|raha|rahe|gaye)\b|\bbahar (hai|hain)\b",
    "अभी(?! (तक|सब|ठीक|शांत))|तुरंत|जल्दी|आज रात|बचाओ|फिर से|दोबारा|वापस आ|खड़ा है|आ गया|आ रहा|बाहर (है|हैं)",
    # Still going on: "picha kar raha hai", "is following me".
    r"\b(raha|rahi|rahe) (hai|hain|hu|hoon)\b|\b(is|are|am|keeps) \w+ing\b|(रहा|रही|रहे) (है|हैं|हूँ|हूं)",
]))


def _told_as_past(normalised: str) -> bool:
    past = _MONTHS_AGO.search(normalised) or (_DAYS_AGO.search(normalised) and _CALM_NOW.search(normalised))
    return bool(past) and not _NOW_OR_AGAIN.search(normalised)


# Being followed ONLINE ("online picha kar raha hai", "ऑनलाइन पीछा", "followed online") is the
# online-stalking topic, not a man behind her in the street: those words alone raise no alarm.
# Only the following words are replaced, and only with "online" right beside them (nothing between
# but "mera"/"koi" or "kar raha hai"), so "picha kar raha hai main online hoon" and any other
# danger words in the message ("... ab ghar ke bahar khada hai") still raise the alarm.
_FOLLOW_VERB = r"(kar|karta|karti|karte)( (raha|rahi|rahe))?( (hai|hain))?"
_ONLINE_FOLLOWING = re.compile("|".join([
    r"\b(online|onlain)( (mera|meri|mere|koi|uska|uski))? (picha|peecha|pichha|peechha)\b",
    r"\b(picha|peecha|pichha|peechha) " + _FOLLOW_VERB + r" (online|onlain)\b",
    r"\bfollow(s|ed|ing)?( (me|her|my \w+))? (online|on (insta|instagram|facebook|fb|snapchat|youtube|twitter|x|social media))\b",
    "ऑनलाइन( (मेरा|मेरी|कोई|उसका))? पीछा",
    "पीछा (कर|करता|करती|करते)( (रहा|रही|रहे))?( (है|हैं))? ऑनलाइन",
]))


@dataclass(frozen=True)
class DangerSignal:
    kind: str  # EMERGENCY or SELF_HARM
    pattern: int  # index of the matching pattern: loggable, unlike the text itself


def detect_danger(text: str) -> Optional[DangerSignal]:
    """Self-harm first (it needs 14416), then immediate danger; None when neither matches or the
    danger is told as past and over."""
    normalised = normalise(text[:MAX_CHARS])
    for index, pattern in enumerate(_SELF_HARM_RE):
        if pattern.search(normalised):
            return DangerSignal(SELF_HARM, index)
    if _told_as_past(normalised):
        return None
    normalised = _ONLINE_FOLLOWING.sub(" online stalking ", normalised)
    for index, pattern in enumerate(_EMERGENCY_RE):
        if pattern.search(normalised):
            return DangerSignal(EMERGENCY, index)
    return None
