"""Tables for the synthetic extract: real communes, streets, code labels.

Names come from INSEE's frequency data (``real_names``; no real person is described: every
combination is drawn at random). Communes are public geographic facts: name, postcode, INSEE code,
department, with a rough weight for how many practitioners work there.
"""

from __future__ import annotations

# (commune, postcode, INSEE code, department, weight)
COMMUNES: tuple[tuple[str, str, str, str, int], ...] = (
    *[
        (f"Paris {n}e Arrondissement" if n > 1 else "Paris 1er Arrondissement",
         f"750{n:02d}", f"751{n:02d}", "75", 9)
        for n in range(1, 21)
    ],
    *[
        (f"Marseille {n}e Arrondissement" if n > 1 else "Marseille 1er Arrondissement",
         f"130{n:02d}", f"132{n:02d}", "13", 4)
        for n in range(1, 17)
    ],
    *[
        (f"Lyon {n}e Arrondissement" if n > 1 else "Lyon 1er Arrondissement",
         f"6900{n}", f"6938{n}", "69", 6)
        for n in range(1, 10)
    ],
    ("Toulouse", "31000", "31555", "31", 45), ("Nice", "06000", "06088", "06", 35),
    ("Nantes", "44000", "44109", "44", 30), ("Montpellier", "34000", "34172", "34", 30),
    ("Strasbourg", "67000", "67482", "67", 30), ("Bordeaux", "33000", "33063", "33", 30),
    ("Lille", "59000", "59350", "59", 30), ("Rennes", "35000", "35238", "35", 25),
    ("Reims", "51100", "51454", "51", 15), ("Toulon", "83000", "83137", "83", 15),
    ("Saint-Étienne", "42000", "42218", "42", 15), ("Le Havre", "76600", "76351", "76", 12),
    ("Grenoble", "38000", "38185", "38", 18), ("Dijon", "21000", "21231", "21", 14),
    ("Angers", "49000", "49007", "49", 12), ("Nîmes", "30000", "30189", "30", 12),
    ("Villeurbanne", "69100", "69266", "69", 10), ("Clermont-Ferrand", "63000", "63113", "63", 14),
    ("Le Mans", "72000", "72181", "72", 10), ("Aix-en-Provence", "13100", "13001", "13", 14),
    ("Brest", "29200", "29019", "29", 10), ("Tours", "37000", "37261", "37", 12),
    ("Amiens", "80000", "80021", "80", 10), ("Limoges", "87000", "87085", "87", 10),
    ("Annecy", "74000", "74010", "74", 10), ("Perpignan", "66000", "66136", "66", 10),
    ("Boulogne-Billancourt", "92100", "92012", "92", 10), ("Metz", "57000", "57463", "57", 10),
    ("Besançon", "25000", "25056", "25", 10), ("Orléans", "45000", "45234", "45", 10),
    ("Rouen", "76000", "76540", "76", 12), ("Mulhouse", "68100", "68224", "68", 8),
    ("Caen", "14000", "14118", "14", 10), ("Nancy", "54000", "54395", "54", 12),
    ("Saint-Denis", "93200", "93066", "93", 8), ("Argenteuil", "95100", "95018", "95", 6),
    ("Montreuil", "93100", "93048", "93", 6), ("Roubaix", "59100", "59512", "59", 5),
    ("Tourcoing", "59200", "59599", "59", 5), ("Nanterre", "92000", "92050", "92", 6),
    ("Vitry-sur-Seine", "94400", "94081", "94", 5), ("Créteil", "94000", "94028", "94", 7),
    ("Avignon", "84000", "84007", "84", 8), ("Poitiers", "86000", "86194", "86", 8),
    ("Versailles", "78000", "78646", "78", 8), ("Pau", "64000", "64445", "64", 7),
    ("La Rochelle", "17000", "17300", "17", 7), ("Ajaccio", "20000", "2A004", "2A", 4),
    ("Bastia", "20200", "2B033", "2B", 3), ("Fort-de-France", "97200", "97209", "972", 4),
    ("Cayenne", "97300", "97302", "973", 2), ("Pointe-à-Pitre", "97110", "97120", "971", 3),
    ("Saint-Denis", "97400", "97411", "974", 5), ("Saint-Paul", "97460", "97415", "974", 3),
    ("Mamoudzou", "97600", "97611", "976", 1), ("Neuilly-sur-Seine", "92200", "92051", "92", 6),
    ("Cannes", "06400", "06029", "06", 7), ("Antibes", "06600", "06004", "06", 5),
    ("Biarritz", "64200", "64122", "64", 3), ("Bayonne", "64100", "64102", "64", 4),
    ("Colmar", "68000", "68066", "68", 4), ("Chambéry", "73000", "73065", "73", 5),
    ("Valence", "26000", "26362", "26", 5), ("Troyes", "10000", "10387", "10", 4),
    ("Lorient", "56100", "56121", "56", 4), ("Quimper", "29000", "29232", "29", 4),
    ("Vannes", "56000", "56260", "56", 4), ("Saint-Malo", "35400", "35288", "35", 3),
    ("Niort", "79000", "79191", "79", 4), ("Arles", "13200", "13004", "13", 3),
    ("Béziers", "34500", "34032", "34", 4), ("Carcassonne", "11000", "11069", "11", 3),
    ("Albi", "81000", "81004", "81", 3), ("Montauban", "82000", "82121", "82", 3),
    ("Agen", "47000", "47001", "47", 3), ("Périgueux", "24000", "24322", "24", 3),
    ("Angoulême", "16000", "16015", "16", 3), ("Bourges", "18000", "18033", "18", 3),
    ("Blois", "41000", "41018", "41", 3), ("Chartres", "28000", "28085", "28", 3),
    ("Évreux", "27000", "27229", "27", 3), ("Beauvais", "60000", "60057", "60", 3),
    ("Laval", "53000", "53130", "53", 3), ("Saint-Nazaire", "44600", "44184", "44", 3),
    ("Calais", "62100", "62193", "62", 3), ("Dunkerque", "59140", "59183", "59", 4),
    ("Arras", "62000", "62041", "62", 3), ("Valenciennes", "59300", "59606", "59", 3),
    ("Charleville-Mézières", "08000", "08105", "08", 2), ("Épinal", "88000", "88160", "88", 2),
    ("Belfort", "90000", "90010", "90", 2), ("Mâcon", "71000", "71270", "71", 2),
    ("Nevers", "58000", "58194", "58", 2), ("Auxerre", "89000", "89024", "89", 2),
    ("Vichy", "03200", "03310", "03", 2), ("Le Puy-en-Velay", "43000", "43157", "43", 2),
    ("Aurillac", "15000", "15014", "15", 1), ("Rodez", "12000", "12202", "12", 2),
    ("Tarbes", "65000", "65440", "65", 2), ("Gap", "05000", "05061", "05", 1),
    ("Digne-les-Bains", "04000", "04070", "04", 1), ("Privas", "07000", "07186", "07", 1),
    ("Bourg-en-Bresse", "01000", "01053", "01", 2), ("Lons-le-Saunier", "39000", "39300", "39", 1),
    ("Vesoul", "70000", "70550", "70", 1), ("Chaumont", "52000", "52121", "52", 1),
    ("Bar-le-Duc", "55000", "55029", "55", 1), ("Saint-Lô", "50000", "50502", "50", 1),
    ("Alençon", "61000", "61001", "61", 1), ("Guéret", "23000", "23096", "23", 1),
    ("Tulle", "19000", "19272", "19", 1), ("Cahors", "46000", "46042", "46", 1),
    ("Foix", "09000", "09122", "09", 1), ("Auch", "32000", "32013", "32", 1),
    ("Mont-de-Marsan", "40000", "40192", "40", 2), ("Mende", "48000", "48095", "48", 1),
    ("Saint-Brieuc", "22000", "22278", "22", 2), ("La Roche-sur-Yon", "85000", "85191", "85", 2),
    ("Châteauroux", "36000", "36044", "36", 1), ("Moulins", "03000", "03190", "03", 1),
    ("Melun", "77000", "77288", "77", 3), ("Cergy", "95000", "95127", "95", 3),
    ("Bobigny", "93000", "93008", "93", 3), ("Saint-Quentin", "02100", "02691", "02", 2),
    ("Laon", "02000", "02408", "02", 1), ("Compiègne", "60200", "60159", "60", 2),
    ("Châlons-en-Champagne", "51000", "51108", "51", 1), ("Sète", "34200", "34301", "34", 2),
    ("Hyères", "83400", "83069", "83", 2), ("Fréjus", "83600", "83061", "83", 2),
    ("Menton", "06500", "06083", "06", 2), ("Grasse", "06130", "06069", "06", 2),
    ("L'Haÿ-les-Roses", "94240", "94038", "94", 2), ("Saint-Germain-en-Laye", "78100", "78551", "78", 3),
    ("Levallois-Perret", "92300", "92044", "92", 3), ("Évry-Courcouronnes", "91000", "91228", "91", 3),
    ("Saint-Tropez", "83990", "83119", "83", 1), ("Lourdes", "65100", "65286", "65", 1),
)  # fmt: skip

DEPARTMENTS: dict[str, str] = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes", "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes",
    "09": "Ariège", "10": "Aube", "11": "Aude", "12": "Aveyron", "13": "Bouches-du-Rhône",
    "14": "Calvados", "15": "Cantal", "16": "Charente", "17": "Charente-Maritime",
    "18": "Cher", "19": "Corrèze", "2A": "Corse-du-Sud", "2B": "Haute-Corse",
    "21": "Côte-d'Or", "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne", "25": "Doubs",
    "26": "Drôme", "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère", "30": "Gard",
    "31": "Haute-Garonne", "32": "Gers", "33": "Gironde", "34": "Hérault",
    "35": "Ille-et-Vilaine", "36": "Indre", "37": "Indre-et-Loire", "38": "Isère", "39": "Jura",
    "40": "Landes", "41": "Loir-et-Cher", "42": "Loire", "43": "Haute-Loire",
    "44": "Loire-Atlantique", "45": "Loiret", "46": "Lot", "47": "Lot-et-Garonne",
    "48": "Lozère", "49": "Maine-et-Loire", "50": "Manche", "51": "Marne", "52": "Haute-Marne",
    "53": "Mayenne", "54": "Meurthe-et-Moselle", "55": "Meuse", "56": "Morbihan",
    "57": "Moselle", "58": "Nièvre", "59": "Nord", "60": "Oise", "61": "Orne",
    "62": "Pas-de-Calais", "63": "Puy-de-Dôme", "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées", "66": "Pyrénées-Orientales", "67": "Bas-Rhin", "68": "Haut-Rhin",
    "69": "Rhône", "70": "Haute-Saône", "71": "Saône-et-Loire", "72": "Sarthe",
    "73": "Savoie", "74": "Haute-Savoie", "75": "Paris", "76": "Seine-Maritime",
    "77": "Seine-et-Marne", "78": "Yvelines", "79": "Deux-Sèvres", "80": "Somme", "81": "Tarn",
    "82": "Tarn-et-Garonne", "83": "Var", "84": "Vaucluse", "85": "Vendée", "86": "Vienne",
    "87": "Haute-Vienne", "88": "Vosges", "89": "Yonne", "90": "Territoire de Belfort",
    "91": "Essonne", "92": "Hauts-de-Seine", "93": "Seine-Saint-Denis", "94": "Val-de-Marne",
    "95": "Val-d'Oise", "971": "Guadeloupe", "972": "Martinique", "973": "Guyane",
    "974": "La Réunion", "976": "Mayotte",
}  # fmt: skip

# (code, label) of the type of street, and street names.
STREET_TYPES: tuple[tuple[str, str], ...] = (
    ("R", "Rue"), ("R", "Rue"), ("R", "Rue"), ("AV", "Avenue"), ("AV", "Avenue"),
    ("BD", "Boulevard"), ("PL", "Place"), ("CHE", "Chemin"), ("ALL", "Allée"),
    ("IMP", "Impasse"), ("QUAI", "Quai"), ("CRS", "Cours"), ("RTE", "Route"),
)  # fmt: skip
STREETS: tuple[str, ...] = (
    "DE LA RÉPUBLIQUE", "VICTOR HUGO", "DU GÉNÉRAL DE GAULLE", "JEAN JAURÈS", "PASTEUR",
    "DES TILLEULS", "DE LA GARE", "DE L'ÉGLISE", "DU MARCHÉ", "GAMBETTA", "FOCH",
    "DES LILAS", "DU MOULIN", "DE LA LIBERTÉ", "CARNOT", "DE LA PAIX", "DES ÉCOLES",
    "DU 8 MAI 1945", "D'ALSACE-LORRAINE", "SAINT-MARTIN", "DES ROSIERS", "JULES FERRY",
    "DE VERDUN", "DU PORT", "DE L'HÔTEL DE VILLE", "ÉMILE ZOLA", "DES CHÊNES", "MOLIÈRE",
)  # fmt: skip
