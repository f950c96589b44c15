"""Word lists written as plain text, one helper to turn them into sets."""

from __future__ import annotations

__all__ = ["FEMALE_NAMES", "MALE_NAMES", "UNISEX_NAMES", "words"]


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`, as a set."""
    return frozenset(text.split())


# Common given names, to keep "she" from resolving to the last named man (and "he" from the
# last named woman). A name on neither list leaves the pronoun to the nearest person as before.
FEMALE_NAMES = words(
    "abigail ada adriana agnes aisha alexandra alexis alice alicia alison allison amanda amber "
    "amelia amy ana angela angelina anita ann anna anne annie april ashley audrey "
    "barbara beatrice becky bella betsy betty beverly bonnie brenda bridget brittany brooke "
    "camila carla carmen carol caroline carolyn carrie catherine cathy charlotte chelsea "
    "cheryl chloe christina christine cindy claire clara claudia colleen connie constance "
    " crystal cynthia daisy danielle deborah debbie debra denise diana diane "
    "dolores donna doris dorothy edith eileen elaine eleanor elena elisabeth eliza elizabeth "
    "ella ellen elsa emily emma erica erin esther eva evelyn faith fatima fiona frances "
    "gabriela gail gina gladys greta gloria grace gretchen hannah harriet heather heidi helen "
    "holly ida ilse ines irene iris isabel isabella jacqueline jane janet "
    "janice jasmine jeanne jennifer jenny jessica jill joan joanna joanne jocelyn "
    "josephine joy joyce judith judy julia julie june karen kate katherine kathleen kathryn "
    "kathy katie kayla kimberly kirsten kristen kristin laura lauren laurie leah lena "
    " lia lily linda lindsay lisa lois loretta lori louise lucia lucy lydia "
    "madeleine madison maggie mara marcia margaret maria marian marie marilyn marina marion "
    "marjorie marsha martha mary maureen megan melanie melinda melissa mia "
    "michelle mildred miriam molly monica nadia nancy naomi natalie natasha nicole nina "
    "nora norma olga olivia pamela patricia paula pauline peggy penny phyllis priscilla "
    "rachel rebecca regina renee rita roberta rosa rosalind rose ruth sabrina sally "
    "samantha sandra sara sarah sharon sheila shirley sofia sonia sophia sophie "
    "stacy stephanie susan suzanne sylvia tamara tammy tanya teresa theresa tiffany tina "
    "tracy valerie vanessa vera veronica victoria virginia vivian wanda wendy yolanda yvonne "
    "zoe "
    "addison adele adrienne aileen aimee alana alberta alejandra alexa alina alisha allie "
    "alma alyssa amina anastasia angelica angie annette antoinette ariana arlene "
    "autumn ayesha bernadette beth bethany bianca blanche brianna bridgette camille "
    "candace candice cara carly carolina cassandra cecile cecilia celeste celia charlene "
    "cora daniela daphne darlene dawn deanna delia desiree dianne dora "
    "elisa eloise emilia erika felicia florence gabrielle gwen hailey hazel helena hilary "
    "hillary hope huma ingrid ivanka jade jana jeanette jenna joann juliana justine kamala "
    "karla katelyn katharine katrina kellyanne kristina leila lillian lora lorraine lynn "
    "mabel madeline margarita mariah marianne marlene maxine meghan megyn melania mercedes "
    "meredith miranda monique muriel nikki paige pearl penelope ramona rhonda rochelle "
    "rosemary roxanne ruby savannah selena serena shelley sherry silvia stella sue "
    "susanna tamika tara tatiana thelma tonya tricia ursula valentina wilma "
)
MALE_NAMES = words(
    "aaron adam adrian ahmed al alan albert alberto alexander alfred ali allen andre "
    "andrew andy angelo anthony antonio arnold arthur barry ben benjamin bernard "
    "bill billy bob bobby brad bradley brandon brian bruce bruno bryan carl carlos "
    "charles charlie christian christopher chuck clarence clark colin craig curtis "
    "dale dan daniel danny darrell dave david dean dennis derek dick don donald doug "
    "douglas duncan dwight earl ed eddie edgar edward edwin elijah elliot eric ernest eugene "
    "evan francis francisco frank franklin fred frederick gabriel gary gavin gene george "
    "gerald gilbert glenn gordon graham greg gregory hank harold harry henry herbert howard "
    "hugh ian isaac ivan jack jacob jake james jared jason jay jeff jeffrey "
    "jeremy jerome jerry jesse jim jimmy joe joel john johnny jon jonathan jorge jose joseph "
    "josh joshua juan julian justin karl keith ken kenneth kevin kyle larry lawrence "
    "leo leon leonard lewis lloyd louis luis luke marco marcus mario mark martin "
    "marvin matt matthew maurice max michael miguel mike mitch mitchell mohammed "
    "muhammad nathan neil nicholas nick noah norman oliver omar oscar otto pablo "
    "patrick paul pedro pete peter phil philip phillip pierre rafael ralph randy ray "
    "raymond rex ricardo richard rick rob robert rod roger roland ron ronald ross "
    "roy rudolph rudy russell ryan samuel scott sean sergio seth simon stanley stephen "
    "steve steven stuart ted theodore thomas tim timothy todd tom tomas tony travis "
    "trevor troy tyler victor vincent walter warren wayne william willie yusuf zach zachary "
    "abraham alec alejandro alex alvin amir andres angus antoine archie armando arturo "
    "barack benedict bernie bert boris boyd brendan brent brett bryce byron caleb calvin "
    "cecil cedric chad chester clifford clint clyde cody conor conrad cory cyrus darius "
    "darren derrick desmond devin diego dirk dominic duane dustin dwayne eduardo "
    "elliott emil emmanuel enrique erik ernesto ethan everett ezra federico felix fernando "
    "floyd geoffrey glen guillermo gustavo guy harvey hector herman hugo javier jeb "
    "jeremiah joaquin joey julius kurt lance leroy lester lonnie lucas malcolm manuel marc "
    "maxwell melvin milton mitt nathaniel neal nigel orlando otis owen percy quentin ramon "
    "randall raul reggie reginald reince reuben reza ricky rodney rodrigo rolando "
    "roman ronnie rory ruben rupert salvador sam sammy santiago saul sebastian sidney stan "
    "sylvester terrence thaddeus tobias tommy trent tristan ulysses vernon vince vladimir "
    "wesley wilbur wilfred winston wolfgang xavier zane "
)
# Given names that are a woman's in one language and a man's in another (Andrea Miotti, Simone
# Biles): given names, of no gender the name alone can tell.
UNISEX_NAMES = words("andrea simone michele nicola")
